/**
 * Computes a task's metrics from what a backend predicted: the one place predictions become numbers,
 * shared by every method and backend (DESIGN.md: "Metrics are computed once, in TypeScript").
 */
import type { SuiteMetric } from '../types/suite.ts';
import { accuracy } from './accuracy.ts';
import { exactMatch, type AnswerRule } from './exact-match.ts';
import { binaryF1 } from './f1.ts';
import { matthews } from './matthews.ts';
import type { MetricName } from './metric-table.ts';
import { meanSquaredError } from './mse.ts';
import { pearson } from './pearson.ts';
import { spearman } from './spearman.ts';

/** What a backend returns per example. */
export type Predictions =
  /** Predicted class index (classification) or score (regression), one per example. */
  | { kind: 'values'; values: ArrayLike<number> }
  /**
   * Causal LM: summed negative log-likelihood of the response tokens and their count, per example;
   * optionally the generated texts and the task's answer-extraction rule (exact_match).
   */
  | { kind: 'lm'; nllSums: ArrayLike<number>; tokenCounts: ArrayLike<number>; generations?: readonly string[]; answer?: AnswerRule };

/** The references predictions are scored against. */
export type References = { kind: 'values'; values: ArrayLike<number> } | { kind: 'text'; values: readonly string[] };

export type MetricValues = Partial<Record<MetricName, number>>;

const valueMetrics: Partial<Record<MetricName, (p: ArrayLike<number>, l: ArrayLike<number>) => number>> = {
  accuracy,
  f1: binaryF1,
  matthews,
  pearson,
  spearman,
  mse: meanSquaredError,
};

function tokenMeanLoss(p: Extract<Predictions, { kind: 'lm' }>): number {
  let nll = 0;
  let tokens = 0;
  for (let i = 0; i < p.nllSums.length; i++) {
    nll += p.nllSums[i]!;
    tokens += p.tokenCounts[i]!;
  }
  if (tokens === 0) throw new Error('loss: no response tokens to score');
  return nll / tokens;
}

/** One metric's value. Throws (a programming error) when predictions and references don't fit it. */
export function scoreMetric(name: MetricName, predictions: Predictions, references: References): number {
  if (predictions.kind === 'lm') {
    if (name === 'loss') return tokenMeanLoss(predictions);
    if (name === 'perplexity') return Math.exp(tokenMeanLoss(predictions));
    if (name === 'exact_match' && predictions.generations !== undefined && references.kind === 'text') {
      return exactMatch(predictions.generations, references.values, predictions.answer);
    }
    throw new Error(`metric ${name} cannot be computed from language-model predictions`);
  }
  const metric = valueMetrics[name];
  if (metric === undefined || references.kind !== 'values') throw new Error(`metric ${name} needs class or score predictions`);
  return metric(predictions.values, references.values);
}

/**
 * Every metric of a task, keyed by name. A causal LM's exact_match is left out when the backend made
 * no generations for the split (backends generate on dev only when selection needs exact_match;
 * the final test scoring insists on them, src/metrics/score-test.ts).
 */
export function scoreMetrics(metrics: readonly SuiteMetric[], predictions: Predictions, references: References): MetricValues {
  const out: MetricValues = {};
  for (const m of metrics) {
    if (m.name === 'exact_match' && predictions.kind === 'lm' && predictions.generations === undefined) continue;
    out[m.name] = scoreMetric(m.name, predictions, references);
  }
  return out;
}
