/**
 * Which metrics a task is scored with and which way each one is better. GLUE tasks use GLUE's own
 * metrics (the first one is the headline); other tasks get a default for their type.
 */
import type { SuiteMetric } from '../types/suite.ts';

export type MetricName = SuiteMetric['name'];
export type MetricDirection = SuiteMetric['direction'];

/** Direction of every metric: `max` when higher is better. */
export const metricDirection: Record<MetricName, MetricDirection> = {
  accuracy: 'max',
  f1: 'max',
  matthews: 'max',
  pearson: 'max',
  spearman: 'max',
  exact_match: 'max',
  mse: 'min',
  loss: 'min',
  perplexity: 'min',
};

const withDirection = (...names: MetricName[]): SuiteMetric[] => names.map((name) => ({ name, direction: metricDirection[name] }));

const glueMetrics: Record<string, MetricName[]> = {
  sst2: ['accuracy'],
  mrpc: ['f1', 'accuracy'],
  cola: ['matthews'],
  stsb: ['pearson', 'spearman'],
  qnli: ['accuracy'],
  qqp: ['f1', 'accuracy'],
  rte: ['accuracy'],
  mnli: ['accuracy'],
};

const typeMetrics: Record<'classification' | 'regression' | 'causal_lm', MetricName[]> = {
  classification: ['accuracy'],
  regression: ['pearson', 'spearman', 'mse'],
  causal_lm: ['loss', 'perplexity'],
};

/**
 * The metrics of a task: by its source (`glue/<task>`) when that is a GLUE task, else by its type.
 */
export function metricsFor(task: { source: string; type: 'classification' | 'regression' | 'causal_lm' }): SuiteMetric[] {
  const glue = /^glue\/(.+)$/.exec(task.source)?.[1];
  const names = (glue !== undefined ? glueMetrics[glue] : undefined) ?? typeMetrics[task.type];
  return withDirection(...names);
}

/** True when `a` is a better value of the metric than `b` (NaN is never better). */
export function isBetter(direction: MetricDirection, a: number, b: number): boolean {
  if (Number.isNaN(a)) return false;
  if (Number.isNaN(b)) return true;
  return direction === 'max' ? a > b : a < b;
}
