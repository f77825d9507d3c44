/**
 * Curves for the report: tuning curves (expected best dev score against the number of trials,
 * Dodge et al. 2019) from each method's trials, and learning curves (training loss against step,
 * mean with a min..max band over the final runs' seeds, at most 100 points); one of each per
 * budget level in a compute-ladder report.
 */
import { expectedMaxCurve } from '../stats/expected-max.ts';
import type { Entry, LearningCurve, LearningPoint, TuningCurve } from '../types/report.ts';
import type { RunGroup } from './group-runs.ts';

export function buildTuningCurve(entry: Entry): TuningCurve {
  const scores = entry.selection.trials.map((t) => t.devScore).filter((v): v is number => v !== null);
  const points = expectedMaxCurve(scores, entry.primaryMetric.direction === 'min').map((p) => ({ trials: p.trials, expected: p.expected, std: p.std }));
  return { model: entry.model, task: entry.task, method: entry.method, metric: entry.primaryMetric, points, ...(entry.budget ? { budget: entry.budget.level } : {}) };
}

const MAX_POINTS = 100;

/** `ladder`: the curve names its group's budget level (a compute-ladder report). */
export function buildLearningCurve(group: RunGroup, ladder = false): LearningCurve {
  const curves = group.finals
    .filter((r) => r.status === 'ok')
    .map((r) => new Map(r.lossCurve.filter((p) => p.loss !== null && Number.isFinite(p.loss)).map((p) => [p.step, p.loss as number])));
  let steps: number[] = [];
  if (curves.length > 0) {
    steps = [...curves[0]!.keys()].filter((s) => curves.every((c) => c.has(s))).sort((a, b) => a - b);
  }
  if (steps.length > MAX_POINTS) {
    const picked = Array.from({ length: MAX_POINTS }, (_, i) => steps[Math.round((i * (steps.length - 1)) / (MAX_POINTS - 1))]!);
    steps = [...new Set(picked)];
  }
  const points: LearningPoint[] = steps.map((step) => {
    const values = curves.map((c) => c.get(step)!);
    return { step, mean: values.reduce((s, v) => s + v, 0) / values.length, low: Math.min(...values), high: Math.max(...values) };
  });
  return { model: group.model, task: group.task, method: group.method, seeds: curves.length, points, ...(ladder && group.level ? { budget: group.level } : {}) };
}
