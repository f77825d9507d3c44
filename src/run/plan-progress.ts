/**
 * Which runs of a plan a results folder already holds, decided as the runner decides it
 * (`finishedResult` in src/run/runner.ts): a trial is finished when its result file is; a group's
 * final runs are known only once every one of its trials is finished (selection picks their
 * configuration, as the runner does), and then each is finished when its result file is. Read by
 * the estimate before `run` and by `plan --results`, so the time they print is the time still to go.
 */
import type { Plan } from '../plan/plan-types.ts';
import type { LoadedSuite } from '../suite/load-suite.ts';
import type { RunResult } from '../types/result.ts';
import { preparedKey, type PreparedInputs } from './prepare-inputs.ts';
import { finishedResult } from './runner.ts';
import { selectTrial } from './selection.ts';
import { finalRuns, trialRuns, type PlannedRun, type RunningBackend } from './trial-specs.ts';

export interface PlanProgress {
  /** Run ids of the plan's trials that are finished. */
  trialsDone: ReadonlySet<string>;
  /** Per group (`groupOf`), how many of its final runs are finished. */
  finalsDone: ReadonlyMap<string, number>;
  /** Groups whose trials are finished and none could be selected: their finals will not run. */
  unselected: ReadonlySet<string>;
  /** Finished runs of the plan (trials and finals). */
  done: number;
  /** Every finished result of the plan, by run id. */
  results: ReadonlyMap<string, RunResult>;
}

/** Nothing finished: the progress of a plan whose results folder cannot be used. */
export const NOTHING_DONE: PlanProgress = { trialsDone: new Set(), finalsDone: new Map(), unselected: new Set(), done: 0, results: new Map() };

/** What of `plan` is finished in `resultsDir` (a missing folder: nothing). */
export async function planProgress(resultsDir: string, loaded: LoadedSuite, plan: Plan, inputs: PreparedInputs, backend: RunningBackend, retryFailed: boolean): Promise<PlanProgress> {
  const results = new Map<string, RunResult>();
  const finished = async (run: PlannedRun): Promise<boolean> => {
    const result = await finishedResult(resultsDir, run, retryFailed);
    if (result !== undefined) results.set(run.spec.runId, result);
    return result !== undefined;
  };
  const trialsDone = new Set<string>();
  const byGroup = new Map<string, PlannedRun[]>();
  for (const run of trialRuns(plan, inputs, backend)) {
    byGroup.set(run.group, [...(byGroup.get(run.group) ?? []), run]);
    if (await finished(run)) trialsDone.add(run.spec.runId);
  }
  const finalsDone = new Map<string, number>();
  const unselected = new Set<string>();
  let finalsCount = 0;
  for (const [group, runs] of byGroup) {
    if (!runs.every((r) => trialsDone.has(r.spec.runId))) continue;
    const selection = selectTrial(group, runs.map((r) => results.get(r.spec.runId)!));
    const chosen = runs.find((r) => r.spec.runId === selection.selected?.runId);
    if (chosen === undefined) {
      unselected.add(group);
      continue;
    }
    const task = inputs.tasks.get(preparedKey(chosen.spec.model.id, chosen.spec.task.id))!;
    let n = 0;
    for (const run of finalRuns(chosen, loaded.suite, await task.test.files(), task.train.lengths)) if (await finished(run)) n++;
    finalsDone.set(group, n);
    finalsCount += n;
  }
  return { trialsDone, finalsDone, unselected, done: trialsDone.size + finalsCount, results };
}
