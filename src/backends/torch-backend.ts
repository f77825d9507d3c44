/**
 * The torch backend behind the runner's `Backend` interface: each run's spec (with the model source
 * replaced by the local directory the runner prepared) is written to a temporary file and executed by
 * the Python worker through src/backends/torch/adapter.ts (`runTorchWorker`), whose event stream
 * gives the loss curve, the compute spent and the dev/test predictions — for causal-LM tasks the
 * per-example response-token NLL sums and counts, and the generated answer ids, decoded here with
 * the model's tokenizer exactly as the ort backend decodes its own. A crashed worker becomes a
 * `BackendCrash` with its stderr tail; a NaN/Inf loss a diverged output.
 *
 * Runs go to served workers (src/backends/torch/worker-process.ts): one Python process per run in
 * flight, kept between runs, so torch and transformers start once per job or GPU instead of once
 * per run; a run that fails, crashes or is stopped takes its process with it and the next run starts
 * a fresh one. REFTBENCH_TORCH_FRESH_WORKER=1 in the worker's environment starts a process per run
 * instead (as before; bench/torch-worker-start.ts compares the two).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { torchMessages } from '../messages/index.ts';
import type { RunSpec } from '../types/run-spec.ts';
import { scheduleForSpec } from '../data/batch-schedule.ts';
import { encodeSchedule } from '../data/schedule-file.ts';
import { writeOrtInitialValues } from './ort/initial-values.ts';
import { readTokenizedSplit, splitLengths } from '../data/tokenized-split.ts';
import type { EndEvent, StartEvent } from '../types/events.ts';
import { BackendCrash, type Backend, type BackendRunOutput, type BackendRunRequest, type LmScores } from './backend.ts';
import { loadGeneratedText, type GeneratedText } from './generated-text.ts';
import { checkGenerationRoom, generationProblem, generationSplits } from './generation-plan.ts';
import { runTorchWorker, type TorchRunOutcome } from './torch/adapter.ts';
import { TorchWorkerProcess, type ServedRunOptions } from './torch/worker-process.ts';
import { runsOnTorch } from './torch-method-table.ts';

export { TORCH_BACKEND_VERSION } from './engine-versions.ts';

function predictionsOf(end: EndEvent, split: 'dev' | 'test'): number[] | undefined {
  return end.predictions.find((p) => p.split === split)?.predicted;
}

/**
 * A causal-LM split's scores from the worker: per-example NLL sums and token counts, and the
 * generated answers decoded to text (undefined: the worker did not report the split).
 */
function lmScoresOf(end: EndEvent, split: 'dev' | 'test', text: GeneratedText | undefined): LmScores | undefined {
  const p = end.predictions.find((q) => q.split === split);
  if (p === undefined) return undefined;
  if (p.nllSums === undefined || p.tokens === undefined || p.nllSums.length !== p.predicted.length || p.tokens.length !== p.predicted.length) {
    throw new BackendCrash(torchMessages.lmScoresMissing(split), '');
  }
  const out: LmScores = { nllSums: p.nllSums, tokenCounts: p.tokens };
  if (p.generated !== undefined) {
    if (text === undefined || p.generated.length !== p.predicted.length) throw new BackendCrash(torchMessages.lmScoresMissing(split), '');
    out.generations = p.generated.map((ids) => text.text(ids));
  }
  return out;
}

export interface TorchBackendOptions {
  /** Environment of the worker (REFTBENCH_PYTHON overrides the interpreter). */
  env?: NodeJS.ProcessEnv;
  /** Repository root holding .venv/ (default: this checkout). */
  rootDir?: string;
  /** Keep worker processes between runs (default: yes, unless the env sets REFTBENCH_TORCH_FRESH_WORKER=1). */
  persistent?: boolean;
}

export class TorchBackend implements Backend {
  readonly name = 'torch' as const;
  private lastStart: StartEvent | undefined;
  /** Served workers waiting for a run (one is taken per run in flight). */
  private readonly idle: TorchWorkerProcess[] = [];
  private readonly persistent: boolean;

  constructor(private readonly options: TorchBackendOptions = {}) {
    this.persistent = options.persistent ?? (options.env ?? process.env).REFTBENCH_TORCH_FRESH_WORKER !== '1';
  }

  unsupported(spec: RunSpec): string | undefined {
    if (!runsOnTorch(spec.method.kind)) return torchMessages.torchLacksKind(spec.method.kind);
    return generationProblem(spec);
  }

  device(): string {
    return this.lastStart?.device ?? 'unknown';
  }

  libraries(): Record<string, string> {
    const out: Record<string, string> = { node: process.versions.node };
    for (const [name, version] of Object.entries(this.lastStart?.libraries ?? {})) if (version !== undefined) out[name] = version;
    return out;
  }

  async run(request: BackendRunRequest): Promise<BackendRunOutput> {
    const { spec } = request;
    await checkGenerationRoom(spec);
    const dir = await mkdtemp(join(tmpdir(), 'reftbench-torch-'));
    try {
      const specPath = join(dir, 'spec.json');
      const workerSpec: RunSpec = { ...spec, model: { ...spec.model, source: request.modelDir } };
      if (spec.backend.initialValues === 'ort' && spec.initParams === undefined) {
        // The suite asks for the ort engine's initial values on every backend.
        workerSpec.initParams = join(dir, 'initial-values.safetensors');
        await writeOrtInitialValues(spec, request.modelDir, workerSpec.initParams);
      }
      if (spec.data !== undefined && spec.data.schedule === undefined) {
        // A direct call without the runner's schedule file: the same schedule, written for the worker.
        const schedule = request.schedule ?? scheduleForSpec(spec, splitLengths(await readTokenizedSplit(spec.data.train), spec.task.maxLength));
        workerSpec.data = { ...spec.data, schedule: join(dir, 'schedule.i32') };
        await writeFile(workerSpec.data.schedule!, encodeSchedule(schedule));
      }
      await writeFile(specPath, `${JSON.stringify(workerSpec, null, 2)}\n`);
      const outcome = await this.execute({
        specPath,
        signal: request.signal,
        onEvent: (event) => {
          if (event.type === 'start') this.lastStart = event;
          if (event.type === 'step') request.onStep({ step: event.step, totalSteps: spec.training.steps, loss: event.loss });
        },
      });
      const lossCurve = outcome.steps.map((s) => ({ step: s.step, loss: s.loss }));
      const params = outcome.start?.params ?? { trainable: spec.accounting?.trainableParams ?? 0, head: spec.accounting?.headParams ?? 0, base: spec.accounting?.baseParams ?? 1 };
      if (outcome.status !== 'ok') {
        if (outcome.status === 'failed') throw new BackendCrash(outcome.failure.reason, outcome.failure.stderrTail);
        const tokens = outcome.steps.reduce((sum, s) => sum + s.tokens, 0);
        return { status: 'diverged', reason: outcome.failure.reason, lossCurve, steps: outcome.steps.length, tokens, params, peakMemoryBytes: 0 };
      }
      const output: BackendRunOutput = {
        status: 'ok',
        lossCurve,
        steps: outcome.end.steps,
        tokens: outcome.end.tokens,
        trainSeconds: outcome.end.trainSeconds,
        ...(outcome.end.evalSeconds === undefined ? {} : { evalSeconds: outcome.end.evalSeconds }),
        params,
        peakMemoryBytes: outcome.end.peakMemoryBytes,
      };
      if (spec.task.type === 'causal_lm') {
        const want = generationSplits(spec);
        const text = want.dev || want.test ? await loadGeneratedText(request.modelDir) : undefined;
        const dev = lmScoresOf(outcome.end, 'dev', text);
        if (dev !== undefined) output.devLm = dev;
        const test = lmScoresOf(outcome.end, 'test', text);
        if (test !== undefined) output.testLm = test;
        return output;
      }
      const dev = predictionsOf(outcome.end, 'dev');
      if (dev !== undefined) output.devPredictions = dev;
      const test = predictionsOf(outcome.end, 'test');
      if (test !== undefined) output.testPredictions = test;
      return output;
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /**
   * Starts a served worker now, so that Python, torch and transformers load while the caller
   * prepares the run (run-one); nothing when workers are not kept or one is already waiting.
   */
  prestart(): void {
    if (this.persistent && !this.idle.some((w) => w.alive)) this.idle.push(new TorchWorkerProcess(this.options.rootDir, this.options.env));
  }

  /** One run on an idle served worker (or a new one), or on a worker process of its own. */
  private async execute(options: ServedRunOptions): Promise<TorchRunOutcome> {
    if (!this.persistent) {
      return runTorchWorker({
        ...options,
        ...(this.options.env === undefined ? {} : { env: this.options.env }),
        ...(this.options.rootDir === undefined ? {} : { rootDir: this.options.rootDir }),
      });
    }
    let worker: TorchWorkerProcess | undefined;
    while (worker === undefined || !worker.alive) worker = this.idle.pop() ?? new TorchWorkerProcess(this.options.rootDir, this.options.env);
    try {
      return await worker.run(options);
    } finally {
      // A worker whose run did not end cleanly has ended (or been killed): it never runs another.
      if (worker.alive) this.idle.push(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.idle.splice(0).map((worker) => worker.close()));
  }
}
