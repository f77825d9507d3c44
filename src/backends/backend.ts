/**
 * The one interface every backend (`ort`, `torch`) implements for the runner: execute one resolved
 * run spec on tokenized split files and hand back what happened — the loss curve, the compute spent
 * and per-example predictions. Backends never score: the runner turns predictions into metrics with
 * src/metrics/ (dev) and the data layer's sealed final-scoring path (test), so every method and
 * backend is scored by the same code.
 */
import type { RunSpec } from '../types/run-spec.ts';
import type { BatchSchedule } from '../data/batch-schedule.ts';

export type BackendName = RunSpec['backend']['name'];

/** One run as a backend receives it. */
export interface BackendRunRequest {
  /** The resolved spec; `spec.data` names the tokenized split folders (`test` only for final runs). */
  spec: RunSpec;
  /**
   * The examples of every training step (decided by the runner, src/data/batch-schedule.ts; the
   * torch worker reads the same steps from `spec.data.schedule`). A backend trains exactly these
   * batches, in order, and stops when they end. Absent (direct calls in tests): the backend derives
   * the same schedule from the spec and the training split (`scheduleForSpec`).
   */
  schedule?: BatchSchedule;
  /** Local HF-format directory holding the model named by `spec.model.source`. */
  modelDir: string;
  /**
   * Aborted when the run must stop (Ctrl-C, or its time limit). Backends check it at step
   * boundaries and during evaluation, and then throw `signal.reason`.
   */
  signal: AbortSignal;
  /** Called after every optimizer step. */
  onStep(step: StepReport): void;
}

export interface StepReport {
  step: number;
  /** Planned steps (an upper bound under a seconds rule). */
  totalSteps: number;
  /** null when the loss was NaN or infinite. */
  loss: number | null;
}

/** Per-example predictions: class index (classification) or score (regression), in the split's order. */
export type PredictionValues = number[];

/**
 * Causal LM, per example in the split's order: the summed negative log-likelihood (nats) of its
 * response tokens under the model, and how many response tokens were scored.
 */
export interface LmScores {
  nllSums: number[];
  tokenCounts: number[];
  /**
   * With the task's `generation` settings: the greedy continuation of each example's prompt, as
   * text (cut at the end-of-sequence token). Made for test, and for dev when selection needs exact_match.
   */
  generations?: string[];
}

export interface BackendRunOutput {
  /** ok: trained and evaluated; diverged: the loss became NaN/Inf (predictions absent). */
  status: 'ok' | 'diverged';
  /** One line saying why, when not ok. */
  reason?: string;
  lossCurve: { step: number; loss: number | null }[];
  /** Optimizer steps actually taken, and training tokens processed (padding excluded). */
  steps: number;
  tokens: number;
  /** Token slots computed, padding included (the shapes the backend ran). */
  paddedTokens?: number;
  /** MatMul FLOPs of the training graphs the backend executed (ort), padding included. */
  graphFlops?: number;
  /** Seconds spent in training steps (the seconds rule's clock), when the backend measures it. */
  trainSeconds?: number;
  /** Seconds spent predicting dev (and test) after training, when the backend measures it. */
  evalSeconds?: number;
  params: { trainable: number; head: number; base: number };
  /** Predictions on the dev split (every run) and on the test split (final runs only). */
  devPredictions?: PredictionValues;
  testPredictions?: PredictionValues;
  /** Causal-LM tasks: response-token losses on dev (every run) and on test (final runs only). */
  devLm?: LmScores;
  testLm?: LmScores;
  /** Peak memory of the run: RSS on the CPU, peak allocated GPU memory on a GPU. */
  peakMemoryBytes: number;
}

/** Raised (or rethrown) by a backend whose run crashed; `stderrTail` is kept in the result. */
export class BackendCrash extends Error {
  override readonly name = 'BackendCrash';
  constructor(message: string, readonly stderrTail: string) {
    super(message);
  }
}

export interface Backend {
  readonly name: BackendName;
  /** What trains: `cpu` or the GPU's name. */
  device(): string;
  /** Why this backend cannot run `spec` (a user-facing message), or undefined when it can; checked before anything runs. */
  unsupported(spec: RunSpec): string | undefined;
  /** Runtime and library versions recorded in every result (node, onnxruntime-node, torch, ...). */
  libraries(): Record<string, string>;
  /** Trains and evaluates one run. Throws on a crash (ideally a `BackendCrash` with its stderr tail). */
  run(request: BackendRunRequest): Promise<BackendRunOutput>;
  /** Frees what the backend holds between runs (sessions, worker processes). */
  close(): Promise<void>;
}
