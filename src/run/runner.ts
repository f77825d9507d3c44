/**
 * The runner: a suite's phases in order, resumable at any point.
 *   1. trials   — every tuning trial, trained on train and scored on dev;
 *   2. select   — per model × task × method, the best trial on the dev selection metric
 *                 (written with every trial's dev score to `_selection.json`);
 *   3. finals   — the selected configuration once per suite seed, scored once on test.
 * A run whose valid result file exists is skipped (with --retry-failed, failed ones are rerun), so a
 * killed runner resumes where it stopped. Runs are scheduled `jobs` at a time; a failed run is
 * recorded and the suite goes on; on `stop` (Ctrl-C) no new run starts and the ones in flight end
 * without a result, so they run again next time. Where the runs execute is the executor's business
 * (src/run/executors/: local workers, or Slurm job arrays); the runner only sees result records.
 */
import { writeFileAtomic } from '../data/atomic-write.ts';
import type { Backend } from '../backends/backend.ts';
import type { RunResult } from '../types/result.ts';
import type { Executor } from './executors/executor.ts';
import { LocalExecutor } from './executors/local.ts';
import { basename, join } from 'node:path';
import { runMessages } from '../messages/index.ts';
import type { Plan } from '../plan/plan-types.ts';
import type { LoadedSuite } from '../suite/load-suite.ts';
import { preparedKey, type PreparedInputs } from './prepare-inputs.ts';
import type { EventSink } from './progress.ts';
import { readStoredRun, removeOrphanTemps, resultFile } from './store.ts';
import { selectTrial, type GroupSelection } from './selection.ts';
import { finalRuns, trialRuns, type PlannedRun } from './trial-specs.ts';

export interface RunSuiteOptions {
  resultsDir: string;
  /** Runs at a time on the default executor (local, every job on `backend`). */
  jobs: number;
  /** Where the runs execute (default: local, `jobs` workers on the runner's backend). */
  executor?: Executor;
  retryFailed: boolean;
  timeoutSeconds: number | undefined;
  /** Aborted on Ctrl-C: the runner stops starting runs and returns. */
  stop: AbortSignal;
  emit: EventSink;
  /** Called for a result file that exists but is damaged (it is rerun). */
  warn(text: string): void;
}

export interface SuiteRunSummary {
  ok: number;
  failed: number;
  skipped: number;
  /** Groups whose every trial failed: their final runs could not be planned. */
  unselected: string[];
  interrupted: boolean;
  selections: GroupSelection[];
  /** Every result of the suite (done before or now), by run id. */
  results: Map<string, RunResult>;
}

/**
 * The data role whose tokenized files differ between a stored result and the run about to be made
 * (folders are named by their content keys), or undefined when the stored result used the same data.
 * Run ids hash the data as the suite declares it (task.dataKey), so this catches changed files.
 */
function changedDataRole(stored: RunResult, run: PlannedRun): string | undefined {
  for (const role of ['train', 'dev', 'test'] as const) {
    const before = stored.spec.data?.[role];
    const now = run.spec.data?.[role];
    if (before !== undefined && now !== undefined && basename(before) !== basename(now)) return role;
  }
  return undefined;
}

/**
 * The stored result that makes `run` finished, so the runner skips it (a valid result on the same
 * data; a failed one only without --retry-failed), or undefined when it must run; `warn` hears why
 * a file there is not used. The runner and the estimate before a run (src/run/plan-progress.ts) both ask this.
 */
export async function finishedResult(resultsDir: string, run: PlannedRun, retryFailed: boolean, warn: (text: string) => void = () => {}): Promise<RunResult | undefined> {
  let stored = await readStoredRun(resultsDir, run.spec.runId);
  if (stored.state === 'done' || stored.state === 'failed') {
    const role = changedDataRole(stored.result, run);
    if (role !== undefined) {
      warn(runMessages.staleData(resultFile(resultsDir, run.spec.runId), role));
      stored = { state: 'missing' };
    }
  }
  if (stored.state === 'done' || (stored.state === 'failed' && !retryFailed)) return stored.result;
  if (stored.state === 'corrupt') warn(stored.notice);
  return undefined;
}

/** Runs `runs` on the executor, skipping finished ones; returns whether it was interrupted. */
async function runPhase(phase: 'trials' | 'finals', runs: readonly PlannedRun[], loaded: LoadedSuite, inputs: PreparedInputs, backend: Backend, options: RunSuiteOptions, summary: SuiteRunSummary): Promise<boolean> {
  const pending: PlannedRun[] = [];
  let skipped = 0;
  for (const run of runs) {
    const finished = await finishedResult(options.resultsDir, run, options.retryFailed, options.warn);
    if (finished !== undefined) {
      summary.results.set(run.spec.runId, finished);
      skipped++;
      continue;
    }
    pending.push(run);
  }
  summary.skipped += skipped;
  options.emit({ type: 'phase', phase, total: runs.length, skipped });
  const executor = options.executor ?? new LocalExecutor(Array.from({ length: options.jobs }, () => ({ backend, label: 'cpu' })));
  const { interrupted } = await executor.runPhase(
    { phase, runs: pending, loaded, inputs, resultsDir: options.resultsDir, timeoutSeconds: options.timeoutSeconds, stop: options.stop, emit: options.emit },
    ({ run, result, file, seconds }) => {
      summary.results.set(run.spec.runId, result);
      if (result.status === 'ok') summary.ok++;
      else summary.failed++;
      const end = { type: 'run-end', runId: run.spec.runId, phase: run.spec.phase, status: result.status, file, seconds } as const;
      options.emit(result.failure ? { ...end, reason: result.failure.reason } : end);
    },
  );
  return interrupted || options.stop.aborted;
}

/** Bookkeeping file of the runner in a results folder (the report skips names starting with "_"). */
export function selectionFile(resultsDir: string): string {
  return join(resultsDir, '_selection.json');
}

export async function runSuite(loaded: LoadedSuite, plan: Plan, inputs: PreparedInputs, backend: Backend, options: RunSuiteOptions): Promise<SuiteRunSummary> {
  const summary: SuiteRunSummary = { ok: 0, failed: 0, skipped: 0, unselected: [], interrupted: false, selections: [], results: new Map() };
  await removeOrphanTemps(options.resultsDir);

  // 1. trials on dev
  const trials = trialRuns(plan, inputs, backend);
  if (await runPhase('trials', trials, loaded, inputs, backend, options, summary)) {
    summary.interrupted = true;
    return summary;
  }

  // 2. selection on dev only
  const byGroup = new Map<string, PlannedRun[]>();
  for (const run of trials) byGroup.set(run.group, [...(byGroup.get(run.group) ?? []), run]);
  const finals: PlannedRun[] = [];
  for (const [group, runs] of byGroup) {
    const selection = selectTrial(group, runs.map((r) => summary.results.get(r.spec.runId)!));
    summary.selections.push(selection);
    if (selection.selected === undefined) {
      summary.unselected.push(group);
      options.emit({ type: 'no-selection', group });
      continue;
    }
    const chosen = runs.find((r) => r.spec.runId === selection.selected!.runId)!;
    options.emit({ type: 'selected', group, trial: chosen.spec.trial, runId: chosen.spec.runId, metric: selection.metric, score: selection.selected.score });
    const task = inputs.tasks.get(preparedKey(chosen.spec.model.id, chosen.spec.task.id))!;
    finals.push(...finalRuns(chosen, loaded.suite, await task.test.files(), task.train.lengths));
  }
  await writeFileAtomic(selectionFile(options.resultsDir), `${JSON.stringify({ suite: loaded.suite.name, suiteHash: loaded.hash, selections: summary.selections }, null, 2)}\n`);

  // 3. finals on test
  summary.interrupted = await runPhase('finals', finals, loaded, inputs, backend, options, summary);
  return summary;
}
