/**
 * The majority-class floor of each (model, task): the test score of predicting one constant for
 * every test example — the test set's most frequent label for classification and generated answers
 * (exact match), its mean label for regression — scored with the same metric code as the methods
 * (src/metrics/score.ts). The gold labels come from the final runs' test records, which only the
 * sealed final-scoring step writes (src/metrics/score-test.ts), after the final runs: nothing that
 * selects a configuration reads them. Runs scored on different test examples give no floor.
 */
import { type MetricName } from '../metrics/metric-table.ts';
import { scoreMetric } from '../metrics/score.ts';
import { NO_REFERENCE_ANSWER } from '../metrics/score-test.ts';
import type { MajorityClass, Report } from '../types/report.ts';
import type { RunResult } from '../types/result.ts';
import { compareText, type RunGroup } from './group-runs.ts';

/** The most frequent value (ties: the smallest number, or the first string in code-unit order), with its count. */
function mostFrequent<T extends number | string>(values: readonly T[]): { value: T; count: number } | null {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: { value: T; count: number } | null = null;
  for (const [value, count] of counts) {
    const earlier = best !== null && (typeof value === 'number' ? value < (best.value as number) : compareText(String(value), String(best.value)) < 0);
    if (best === null || count > best.count || (count === best.count && earlier)) best = { value, count };
  }
  return best;
}

/**
 * The constant a majority-class predictor predicts for every example of a test set: the mean label
 * (regression, rounded as below), the most frequent label (classification), or the most frequent
 * extracted answer (generated answers; a reference without one is never it). Null for an empty set,
 * or for answers when no reference has one (the predictor then hits nothing).
 */
export function majorityConstant(task: RunResult['spec']['task'], gold: readonly (number | string)[]): number | string | null {
  const n = gold.length;
  if (n === 0) return null;
  if (gold.every((g): g is number => typeof g === 'number')) {
    // The mean label rounded to a multiple of 2^-20, so that a metric's own mean of n copies of it is
    // exactly it and a correlation sees an exactly constant column (0, not ±1e-16); MSE moves by < 1e-12.
    return task.type === 'regression' ? Math.round((gold.reduce((s, g) => s + g, 0) / n) * 2 ** 20) / 2 ** 20 : mostFrequent(gold)!.value;
  }
  return mostFrequent(gold.map(String).filter((g) => g !== NO_REFERENCE_ANSWER))?.value ?? null;
}

/** The floor of one task from its gold labels, or null when its metrics have none (loss, perplexity). */
export function majorityClassOf(task: RunResult['spec']['task'], gold: readonly (number | string)[]): Omit<MajorityClass, 'model'> | null {
  const n = gold.length;
  if (n === 0) return null;
  if (gold.every((g): g is number => typeof g === 'number')) {
    const regression = task.type === 'regression';
    const constant = majorityConstant(task, gold) as number;
    const predictions = { kind: 'values' as const, values: new Float64Array(n).fill(constant) };
    const references = { kind: 'values' as const, values: Float64Array.from(gold) };
    const metrics = task.metrics
      .filter((m) => m.name !== 'loss' && m.name !== 'perplexity' && m.name !== 'exact_match')
      .map((m) => {
        const value = scoreMetric(m.name as MetricName, predictions, references);
        return { name: m.name, direction: m.direction, value: Number.isFinite(value) ? value : null };
      });
    return metrics.length === 0 ? null : { task: task.id, rule: regression ? 'mean label' : 'most frequent label', examples: n, metrics };
  }
  // Generated answers (exact match): the records hold extracted answers; a reference without one never counts as a hit.
  const exact = task.metrics.find((m) => m.name === 'exact_match');
  if (!exact) return null;
  const answers = gold.map(String).filter((g) => g !== NO_REFERENCE_ANSWER);
  const top = mostFrequent(answers);
  return { task: task.id, rule: 'most frequent label', examples: n, metrics: [{ name: exact.name, direction: exact.direction, value: (top?.count ?? 0) / n }] };
}

/** One floor per (model, task) whose successful final runs all hold test records on the same examples, in report order. */
export function majorityClassScores(groups: readonly RunGroup[]): MajorityClass[] {
  const pairs = new Map<string, RunResult[]>();
  for (const g of groups) {
    const key = JSON.stringify([g.model, g.task]);
    pairs.set(key, [...(pairs.get(key) ?? []), ...g.finals.filter((r) => r.status === 'ok' && r.predictions)]);
  }
  const out: MajorityClass[] = [];
  for (const [key, runs] of pairs) {
    const [model] = JSON.parse(key) as [string, string];
    const gold = runs[0]?.predictions?.gold;
    if (!gold) continue;
    const same = runs.every((r) => r.predictions!.gold.length === gold.length && r.predictions!.gold.every((g, i) => g === gold[i]));
    if (!same) continue;
    const floor = majorityClassOf(runs[0]!.spec.task, gold);
    if (floor) out.push({ model, ...floor });
  }
  return out;
}

/** A report's majority-class score of one (model, task) on one metric, or null when it has none. */
export function majorityScore(report: Report, model: string, task: string, metric: string): number | null {
  return report.majorityClass?.find((f) => f.model === model && f.task === task)?.metrics.find((m) => m.name === metric)?.value ?? null;
}
