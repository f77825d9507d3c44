/**
 * Selection: for every model × task × method group, the trial with the best dev score on the
 * suite's selection metric (ties: the lower trial index). Only trial results are looked at, and
 * only their dev metrics — test metrics exist only on final runs, so selection cannot see them.
 * Failed trials, and trials whose dev score is undefined, cannot be selected.
 */
import type { RunResult } from '../types/result.ts';

export interface TrialScore {
  trial: number;
  runId: string;
  status: RunResult['status'];
  /** The dev value of the selection metric; null when undefined or the trial failed. */
  score: number | null;
}

export interface GroupSelection {
  group: string;
  metric: string;
  direction: 'max' | 'min';
  /** The selected trial, or undefined when no trial has a score. */
  selected: TrialScore | undefined;
  /** Every trial's dev score: the evidence the choice was made on. */
  scores: TrialScore[];
}

/** Picks the best trial of one group from its trial results (any order). */
export function selectTrial(group: string, trials: readonly RunResult[]): GroupSelection {
  if (trials.some((t) => t.spec.phase !== 'trial')) throw new Error(`selection of ${group} was given a final run`);
  const first = trials[0];
  const metric = first?.spec.task.selectionMetric.name ?? 'unknown';
  const direction = first?.spec.task.selectionMetric.direction ?? 'max';
  const scores: TrialScore[] = [...trials]
    .sort((a, b) => a.spec.trial - b.spec.trial)
    .map((t) => {
      const value = t.status === 'ok' ? t.metrics.dev?.[metric] : undefined;
      return { trial: t.spec.trial, runId: t.runId, status: t.status, score: typeof value === 'number' && Number.isFinite(value) ? value : null };
    });
  let selected: TrialScore | undefined;
  for (const s of scores) {
    if (s.score === null) continue;
    if (selected === undefined || (direction === 'max' ? s.score > selected.score! : s.score < selected.score!)) selected = s;
  }
  return { group, metric, direction, selected, scores };
}
