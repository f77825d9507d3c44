/**
 * The wall time a plan's runs take at a rate per model × task × method kind (`RunRate`: measured
 * by finished results, src/run/result-rates.ts, or by timing training steps, src/run/calibrate.ts):
 * each trial's planned FLOPs, and each final's estimated FLOPs, at its group's rate plus the rate's
 * per-run seconds (a seconds rule: its budget instead). With a `PlanProgress`, finished runs are
 * left out, so the figure is the time still to go.
 */
import type { Plan } from '../plan/plan-types.ts';
import type { PlanProgress } from './plan-progress.ts';
import { groupOf } from './trial-specs.ts';

/** How fast one model × task × method kind runs here. */
export interface RunRate {
  /** Training FLOPs per second (the planner's FLOPs count). */
  flopsPerSecond: number;
  /** Seconds each run takes on top of its FLOPs (loading and the first step; 0 when the rate includes them). */
  perRunSeconds: number;
  /** Where it comes from: finished results, steps timed now, or steps timed before (the cache). */
  source: 'results' | 'timed' | 'cache';
  /** Results it was read from (source results). */
  runs?: number;
}

export const rateKey = (modelId: string, taskId: string, kind: string): string => `${modelId}\u0000${taskId}\u0000${kind}`;

export interface PlanTime {
  trialsSeconds: number;
  finalsSeconds: number;
  /** Runs counted (trials and finals). */
  runs: number;
}

/** Wall time of the plan's phases (only the unfinished runs, given `progress`); undefined when a group counted has no rate. */
export function estimatePlanTime(plan: Plan, rates: ReadonlyMap<string, RunRate>, progress?: PlanProgress): PlanTime | undefined {
  let trialsSeconds = 0;
  let finalsSeconds = 0;
  let runs = 0;
  for (const group of plan.groups) {
    const first = group.trials[0];
    const key = first === undefined ? undefined : groupOf(first.spec);
    const trials = group.trials.filter((t) => !(progress?.trialsDone.has(t.runId) ?? false));
    const unselected = key !== undefined && (progress?.unselected.has(key) ?? false);
    const finals = unselected ? 0 : Math.max(0, group.finals.length - (key === undefined ? 0 : progress?.finalsDone.get(key) ?? 0));
    if (trials.length === 0 && finals === 0) continue;
    const rate = rates.get(rateKey(group.modelId, group.taskId, group.kind));
    if (rate === undefined) return undefined;
    // a seconds rule fixes the training time; otherwise the planned FLOPs at the rate
    const seconds = (flops: number, budget: number | undefined) => (budget ?? flops / rate.flopsPerSecond) + rate.perRunSeconds;
    for (const trial of trials) trialsSeconds += seconds(trial.flops, trial.spec.training.secondsBudget);
    const perFinal = group.finals.length === 0 ? 0 : group.finals.reduce((s, f) => s + f.estimatedFlops, 0) / group.finals.length;
    finalsSeconds += finals * seconds(perFinal, first?.spec.training.secondsBudget);
    runs += trials.length + finals;
  }
  return { trialsSeconds, finalsSeconds, runs };
}
