/**
 * GENERATED from schemas/events.schema.json by scripts/gen-types.ts (npm run gen:types).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file drifts.
 */

/**
 * One event a backend (ort or torch) emits while it executes a run spec: one JSON object per line (JSON Lines) on the worker's stdout. A run emits start, then step and eval events, then exactly one of end or error. Logs never go to this stream (the torch worker writes them to stderr).
 */
export type BackendEvent = StartEvent | StepEvent | EvalEvent | EndEvent | ErrorEvent;

export interface StartEvent {
  type: 'start';
  runId: string;
  backend: 'ort' | 'torch';
  /**
   * Version of the backend engine (part of the run id).
   */
  backendVersion: string;
  /**
   * cpu, or the GPU name.
   */
  device: string;
  dtype: 'float32' | 'float16' | 'bfloat16';
  params: ParamCounts;
  deterministic?: boolean;
  /**
   * Runtime and library versions (python, torch, transformers, peft, cuda, onnxruntime, ...).
   */
  libraries: {
    [k: string]: string | undefined;
  };
}
export interface ParamCounts {
  /**
   * Trainable parameters of the method, task head excluded (the planner's count; ReFT's R counts d·r).
   */
  trainable: number;
  /**
   * Trainable task-head parameters.
   */
  head: number;
  /**
   * Base-model parameters, head excluded.
   */
  base: number;
}
export interface StepEvent {
  type: 'step';
  /**
   * Optimizer steps taken so far (1 after the first).
   */
  step: number;
  /**
   * Training loss of this step's batch; null when NaN or infinite.
   */
  loss: number | null;
  /**
   * Learning rate used by this step.
   */
  lr: number;
  /**
   * Non-padding training tokens processed so far.
   */
  tokens: number;
  /**
   * Wall-clock seconds since training began.
   */
  elapsedSeconds: number;
  /**
   * Time of this step (forward, backward, optimizer): CUDA events on a GPU, a monotonic clock on the CPU.
   */
  stepMs?: number;
  /**
   * Global gradient norm before clipping.
   */
  gradNorm?: number | null;
}
export interface EvalEvent {
  type: 'eval';
  /**
   * Optimizer steps taken when this evaluation ran.
   */
  step: number;
  elapsedSeconds?: number;
  predictions: SplitPredictions;
}
/**
 * Per-example outputs in the split file's order; metrics are computed from these in TypeScript, never by a backend.
 */
export interface SplitPredictions {
  split: 'train' | 'dev' | 'test';
  exampleIds?: (string | number)[];
  /**
   * classification: the arg-max class; regression: the predicted value; causal_lm: the example's mean token loss (nats) over its target tokens.
   */
  predicted: number[];
  /**
   * causal_lm: target tokens per example (to weight losses into perplexity).
   */
  tokens?: number[];
  /**
   * causal_lm: summed negative log-likelihood (nats) of each example's target tokens.
   */
  nllSums?: number[];
  /**
   * causal_lm with task.generation: the greedily generated token ids after each example's prompt (up to maxNewTokens, ending at the end-of-sequence token when one was generated).
   */
  generated?: number[][];
  /**
   * Mean loss over the split (token-weighted for causal_lm).
   */
  loss?: number;
}
export interface EndEvent {
  type: 'end';
  /**
   * Optimizer steps taken (fewer than planned when a seconds budget stopped training).
   */
  steps: number;
  /**
   * Non-padding training tokens processed.
   */
  tokens: number;
  /**
   * Whole run: loading, training and evaluation.
   */
  wallSeconds: number;
  /**
   * Training steps only.
   */
  trainSeconds: number;
  /**
   * Predicting the dev (and test) split after training, generation included.
   */
  evalSeconds?: number;
  tokensPerSecond?: number;
  /**
   * Peak allocated GPU memory on a GPU; peak process RSS on the CPU.
   */
  peakMemoryBytes: number;
  stoppedBy?: 'steps' | 'seconds';
  /**
   * Final predictions on the dev split, and on test for final runs: the inputs of the metrics.
   */
  predictions: SplitPredictions[];
}
export interface ErrorEvent {
  type: 'error';
  /**
   * user: a mistake the user can fix (bad spec, missing model/data file), message says what to do; diverged: the loss became NaN/Inf; internal: a bug or crash.
   */
  kind: 'user' | 'diverged' | 'internal';
  message: string;
  /**
   * Step at which it happened, when training had started.
   */
  step?: number;
  /**
   * internal errors: the Python traceback (also on stderr).
   */
  traceback?: string;
}
