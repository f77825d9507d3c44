/**
 * Executes one planned run on a backend and records it: the backend trains and predicts; dev
 * predictions are scored here against the dev labels, and a final run's test predictions go to the
 * data layer's sealed final-scoring step (src/metrics/score-test.ts), the only way to test labels.
 * Whatever happens — ok, a crash, a NaN/Inf loss, the time limit — one result file is written,
 * unless the runner is being interrupted, in which case nothing is written and the run stays to do.
 */
import { BackendCrash, type Backend, type BackendRunOutput } from '../backends/backend.ts';
import { isUserError } from '../errors.ts';
import { scoreMetrics, type MetricValues, type Predictions } from '../metrics/score.ts';
import { scoreFinalTest } from '../metrics/score-test.ts';
import type { RunResult } from '../types/result.ts';
import type { RunSpec } from '../types/run-spec.ts';
import type { Suite } from '../types/suite.ts';
import type { PreparedTask } from './prepare-inputs.ts';
import { buildResult, type RunOutcome } from './result-record.ts';
import { writeResult } from './store.ts';
import { batchesPerEpoch, scheduleForSpec, type BatchSchedule } from '../data/batch-schedule.ts';
import { batchTokens, spendOfBatches, stepCostOfSpec } from '../plan/step-spend.ts';
import { writeScheduleFile } from '../data/schedule-file.ts';
import type { PlannedRun } from './trial-specs.ts';

/** Abort reason when the runner is stopping (Ctrl-C): the run is not recorded. */
export class RunInterrupted extends Error {
  override readonly name = 'RunInterrupted';
}

/** Abort reason when a run exceeds its time limit: recorded with status `timeout`. */
export class RunTimedOut extends Error {
  override readonly name = 'RunTimedOut';
  constructor(readonly limitSeconds: number) {
    super(`the run exceeded its time limit of ${limitSeconds} s`);
  }
}

export interface ExecuteContext {
  backend: Backend;
  suite: Suite;
  resultsDir: string;
  modelDir: string;
  /** Where batch schedule files are written (src/data/schedule-file.ts). */
  cacheDir: string;
  task: PreparedTask;
  /** Per-run wall-clock limit in seconds (undefined: none). */
  timeoutSeconds: number | undefined;
  /** Aborted when the whole runner stops. */
  stop: AbortSignal;
  /** `tokens`: the real tokens of the step's batch (for tokens/s in the progress line). */
  onStep(loss: number | null, step: number, totalSteps: number, tokens?: number): void;
}

export type ExecuteOutcome = { kind: 'recorded'; result: RunResult; file: string } | { kind: 'interrupted' };

const STDERR_TAIL_LINES = 30;

function tail(text: string, lines = STDERR_TAIL_LINES): string {
  return text.split('\n').slice(-lines).join('\n');
}

/** Metric values as a result stores them: undefined or non-finite values become null. */
function storable(values: MetricValues): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const [name, value] of Object.entries(values)) out[name] = typeof value === 'number' && Number.isFinite(value) ? value : null;
  return out;
}

/** What a backend returned for one split, as the metrics code takes it (undefined: nothing for that split). */
function predictionsOf(values: BackendRunOutput['devPredictions'], lm: BackendRunOutput['devLm'], answer: RunSpec['task']['generation']): Predictions | undefined {
  if (lm !== undefined) {
    const generated = lm.generations === undefined ? {} : { generations: lm.generations, ...(answer === undefined ? {} : { answer }) };
    return { kind: 'lm', nllSums: lm.nllSums, tokenCounts: lm.tokenCounts, ...generated };
  }
  return values === undefined ? undefined : { kind: 'values', values };
}

/** Dev metrics of every run; for a final run also its test metrics and per-example test records. */
function scored(run: PlannedRun, task: PreparedTask, output: BackendRunOutput): Pick<RunOutcome, 'metrics' | 'predictions'> {
  const metrics: RunResult['metrics'] = {};
  const dev = predictionsOf(output.devPredictions, output.devLm, run.spec.task.generation);
  if (dev !== undefined) metrics.dev = storable(scoreMetrics(task.task.metrics, dev, task.dev.references));
  if (run.spec.phase !== 'final') return { metrics };
  const testPredictions = predictionsOf(output.testPredictions, output.testLm, run.spec.task.generation);
  if (testPredictions === undefined) throw new Error(`final run ${run.spec.runId}: the backend returned no test predictions`);
  const test = scoreFinalTest(task.test.split, task.task.metrics, testPredictions);
  metrics.test = storable(test.metrics);
  return { metrics, predictions: test.predictions };
}

/** What the first `steps` steps of a schedule spent: real tokens, model FLOPs, and the share of the budget. */
export function realisedSpend(spec: RunSpec, schedule: BatchSchedule, lengths: ArrayLike<number>, steps: number, trainSeconds: number): { tokens: number; flops: number; budgetRatio?: number } {
  const { tokens, flops } = spendOfBatches(schedule.steps, steps, lengths, stepCostOfSpec(spec));
  const budget = spec.accounting?.budget;
  if (budget === undefined) return { tokens, flops };
  const spent = budget.rule === 'tokens' ? tokens
    : budget.rule === 'flops' ? flops
    : budget.rule === 'steps' ? steps
    : budget.rule === 'epochs' ? steps / batchesPerEpoch(lengths.length, spec.training.batchSize, spec.training.lastBatch ?? 'keep')
    : trainSeconds;
  return { tokens, flops, budgetRatio: spent / budget.amount };
}

export async function executeRun(run: PlannedRun, ctx: ExecuteContext): Promise<ExecuteOutcome> {
  const spec: RunSpec = structuredClone(run.spec);
  if (ctx.stop.aborted) return { kind: 'interrupted' };
  const lengths = ctx.task.train.lengths;
  const schedule = scheduleForSpec(spec, lengths);
  spec.data = { ...spec.data!, schedule: await writeScheduleFile(ctx.cacheDir, schedule) };
  const controller = new AbortController();
  const onStop = () => controller.abort(new RunInterrupted('the runner is stopping'));
  ctx.stop.addEventListener('abort', onStop, { once: true });
  const timer = ctx.timeoutSeconds === undefined ? undefined : setTimeout(() => controller.abort(new RunTimedOut(ctx.timeoutSeconds!)), ctx.timeoutSeconds * 1000);
  const started = performance.now();
  const lossCurve: RunResult['lossCurve'] = [];
  let stepsSeen = 0;
  const plannedParams = { trainable: spec.accounting?.trainableParams ?? 0, head: spec.accounting?.headParams ?? 0, base: spec.accounting?.baseParams ?? 1 };
  const spent = (steps: number, trainSeconds: number) => realisedSpend(spec, schedule, lengths, steps, trainSeconds);
  let outcome: RunOutcome;
  try {
    const output = await ctx.backend.run({
      spec,
      schedule,
      modelDir: ctx.modelDir,
      signal: controller.signal,
      onStep: (s) => {
        stepsSeen = s.step;
        lossCurve.push({ step: s.step, loss: s.loss });
        const batch = schedule.steps[s.step - 1];
        ctx.onStep(s.loss, s.step, s.totalSteps, batch === undefined ? undefined : batchTokens(batch, lengths));
      },
    });
    const wallSeconds = (performance.now() - started) / 1000;
    const compute: RunResult['compute'] = {
      steps: output.steps, ...spent(output.steps, output.trainSeconds ?? wallSeconds), wallSeconds, peakMemoryBytes: output.peakMemoryBytes, scheduleHash: schedule.hash,
      ...(output.paddedTokens === undefined ? {} : { paddedTokens: output.paddedTokens }),
      ...(output.graphFlops === undefined ? {} : { graphFlops: output.graphFlops }),
    };
    if (output.status === 'diverged') {
      outcome = { status: 'diverged', failure: { reason: output.reason ?? 'the training loss became NaN or infinite', stderrTail: '' }, metrics: {}, lossCurve: output.lossCurve, params: output.params, compute };
    } else {
      outcome = { status: 'ok', ...scored(run, ctx.task, output), lossCurve: output.lossCurve, params: output.params, compute };
    }
  } catch (error) {
    const reason = controller.signal.aborted ? controller.signal.reason : error;
    if (reason instanceof RunInterrupted) return { kind: 'interrupted' };
    const wallSeconds = (performance.now() - started) / 1000;
    const compute: RunResult['compute'] = { steps: stepsSeen, ...spent(stepsSeen, wallSeconds), wallSeconds, peakMemoryBytes: process.resourceUsage().maxRSS * 1024, scheduleHash: schedule.hash };
    if (reason instanceof RunTimedOut) {
      outcome = { status: 'timeout', failure: { reason: reason.message, stderrTail: '' }, metrics: {}, lossCurve, params: plannedParams, compute };
    } else {
      const err = error instanceof Error ? error : new Error(String(error));
      const stderrTail = err instanceof BackendCrash ? tail(err.stderrTail) : isUserError(err) ? '' : tail(err.stack ?? '');
      outcome = { status: 'failed', failure: { reason: err.message.split('\n')[0] || err.name, stderrTail }, metrics: {}, lossCurve, params: plannedParams, compute };
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    ctx.stop.removeEventListener('abort', onStop);
  }
  const result = buildResult(spec, run.hyperparameters, ctx.suite, ctx.backend, outcome);
  const file = await writeResult(ctx.resultsDir, result);
  return { kind: 'recorded', result, file };
}
