/**
 * The wall-time estimate `plan` prints and `run`/`bench` print before they start: what of the plan
 * the results folder already holds (src/run/plan-progress.ts), the rate of each model × task ×
 * method kind (from those finished runs, src/run/result-rates.ts; otherwise timed, src/run/calibrate.ts),
 * and the time of the whole plan and of the runs still to go (src/run/plan-time.ts) as message lines.
 * A results folder that `run` would refuse (another suite, or this suite before an edit:
 * src/run/results-suite.ts) counts as holding nothing, and a line says so.
 */
import { relative } from 'node:path';
import type { Backend } from '../backends/backend.ts';
import { planMessages } from '../messages/index.ts';
import type { Plan } from '../plan/plan-types.ts';
import { CALIBRATION_MIN_SECONDS, CALIBRATION_MIN_STEPS, calibratePlan, rateSources } from '../run/calibrate.ts';
import { NOTHING_DONE, planProgress } from '../run/plan-progress.ts';
import { foreignResultsOf } from '../run/results-suite.ts';
import { estimatePlanTime, type PlanTime } from '../run/plan-time.ts';
import type { PreparedInputs } from '../run/prepare-inputs.ts';
import { ratesFromResults } from '../run/result-rates.ts';
import type { LoadedSuite } from '../suite/load-suite.ts';
import type { CommandIO } from './command.ts';
import { formatDuration } from './format-duration.ts';

export interface TimeEstimate {
  /** The lines to print: the whole plan, then (when some runs are finished) what is left. */
  lines: string[];
  /** Seconds of the runs still to go; undefined when a model × task × method could not be timed. */
  leftSeconds: number | undefined;
  /** Runs already finished in the results folder. */
  done: number;
}

/** A path as the user gave it: relative to the working folder when inside it, else absolute. */
function shownPath(path: string, cwd: string): string {
  const near = relative(cwd, path);
  return near === '' ? '.' : near.startsWith('..') ? path : near;
}

const phases = (t: PlanTime) => [formatDuration(t.trialsSeconds), formatDuration(t.finalsSeconds), formatDuration(t.trialsSeconds + t.finalsSeconds)] as const;

/** Estimates `plan` on `backend` against the results folder `resultsDir` (absolute; missing: nothing done). */
export async function timeEstimate(loaded: LoadedSuite, plan: Plan, inputs: PreparedInputs, backend: Backend, resultsDir: string, retryFailed: boolean, io: CommandIO): Promise<TimeEstimate> {
  // A folder of another suite or suite version: `run` refuses it, so nothing of it counts as done.
  const refused = await foreignResultsOf(resultsDir, loaded);
  const progress = refused === undefined ? await planProgress(resultsDir, loaded, plan, inputs, backend, retryFailed) : NOTHING_DONE;
  const known = ratesFromResults(progress.results.values(), { backend: backend.name, device: backend.device() });
  const rates = await calibratePlan(loaded, plan, inputs, backend, known, (model, task, kind) =>
    io.err(planMessages.calibrating(model, task, kind, backend.name, CALIBRATION_MIN_STEPS, CALIBRATION_MIN_SECONDS)));
  const whole = estimatePlanTime(plan, rates);
  const left = estimatePlanTime(plan, rates, progress);
  const shown = shownPath(resultsDir, io.cwd);
  const lines: string[] = [];
  if (whole === undefined) lines.push(planMessages.noTimeEstimate(`a model × task × method of this plan could not be timed on ${backend.name}`));
  else lines.push(planMessages.timeEstimate(`${backend.name}, ${backend.device()}`, ...phases(whole), rateSources(rates), shown));
  if (refused !== undefined) lines.push(planMessages.resultsFolderRefused(shown, shownPath(refused.file, io.cwd), refused.difference));
  if (left !== undefined && whole !== undefined && progress.done > 0) lines.push(planMessages.timeLeft(left.runs, whole.runs, progress.done, shown, ...phases(left)));
  return { lines, leftSeconds: left === undefined ? undefined : left.trialsSeconds + left.finalsSeconds, done: progress.done };
}
