/**
 * Percentile bootstrap confidence intervals, seeded so that a report is reproducible:
 * - `bootstrapMeanCI`: the mean of a sample (a method's test score over seeds);
 * - `pairedBootstrapCI`: the difference of two methods scored on the same test examples, resampling
 *   examples (both methods see the same resampled indices, which is what makes it paired).
 */
import { mean, quantileSorted } from './descriptive.ts';
import type { Random } from './random.ts';
import type { ResampledMetric } from './resampled-metrics.ts';

/** A two-sided interval at `confidence` (e.g. 0.95). */
export interface Interval {
  low: number;
  high: number;
}

export interface BootstrapOptions {
  resamples: number;
  confidence: number;
  random: Random;
}

function percentileInterval(stats: Float64Array, confidence: number): Interval {
  const sorted = stats.slice().sort();
  const alpha = 1 - confidence;
  return { low: quantileSorted(sorted, alpha / 2), high: quantileSorted(sorted, 1 - alpha / 2) };
}

/** Percentile bootstrap CI of the mean. A single value gives the degenerate interval [v, v]. */
export function bootstrapMeanCI(values: readonly number[], options: BootstrapOptions): Interval {
  const n = values.length;
  if (n === 0) return { low: Number.NaN, high: Number.NaN };
  const stats = new Float64Array(options.resamples);
  const idx = new Uint32Array(n);
  for (let r = 0; r < options.resamples; r++) {
    options.random.fillInts(idx, n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[idx[i] as number] as number;
    stats[r] = sum / n;
  }
  return percentileInterval(stats, options.confidence);
}

/** Two methods' predictions on the same test examples: one prediction list per seed. */
export interface PairedPredictions {
  gold: readonly number[];
  a: readonly (readonly number[])[];
  b: readonly (readonly number[])[];
}

/** Bootstrap means of per-example values `d` (resamples of n indices), written into `stats`. */
function resampleMeans(d: Float64Array, random: Random, stats: Float64Array): void {
  const n = d.length;
  const idx = new Uint32Array(n);
  for (let r = 0; r < stats.length; r++) {
    random.fillInts(idx, n);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += d[idx[i] as number] as number;
    stats[r] = sum / n;
  }
}

/**
 * Bootstrap differences of a non-decomposable metric: per resample, the counts of each example,
 * then `scoreAll` gives every seed's score (the first `ka` are method a's), written into `stats`.
 */
function resampleDifferences(n: number, ka: number, kb: number, scoreAll: (weights: Uint32Array) => Float64Array, random: Random, stats: Float64Array): void {
  const weights = new Uint32Array(n);
  const idx = new Uint32Array(n);
  for (let r = 0; r < stats.length; r++) {
    weights.fill(0);
    random.fillInts(idx, n);
    for (let i = 0; i < n; i++) weights[idx[i] as number]! += 1;
    const scores = scoreAll(weights);
    let sumA = 0;
    for (let s = 0; s < ka; s++) sumA += scores[s] as number;
    let sumB = 0;
    for (let s = ka; s < ka + kb; s++) sumB += scores[s] as number;
    stats[r] = sumA / ka - sumB / kb;
  }
}

/**
 * Statistic: mean over seeds of metric(a) minus mean over seeds of metric(b), both on the same
 * resampled examples. Returns the observed difference and its percentile CI.
 */
export function pairedBootstrapCI(
  data: PairedPredictions,
  metric: ResampledMetric,
  options: BootstrapOptions,
): { difference: number; interval: Interval } {
  const n = data.gold.length;
  const all = Uint32Array.from({ length: n }, (_, i) => i);
  const diffOn = (idx: Uint32Array): number =>
    mean(data.a.map((p) => metric.score(data.gold, p, idx))) - mean(data.b.map((p) => metric.score(data.gold, p, idx)));
  const difference = diffOn(all);
  const stats = new Float64Array(options.resamples);
  const perExample = metric.perExample;
  if (perExample) {
    // Mean-decomposable metric (accuracy): the difference is the mean of per-example differences.
    const d = new Float64Array(n);
    for (const p of data.a) perExample(data.gold, p).forEach((v, i) => (d[i] = (d[i] as number) + v / data.a.length));
    for (const p of data.b) perExample(data.gold, p).forEach((v, i) => (d[i] = (d[i] as number) - v / data.b.length));
    resampleMeans(d, options.random, stats);
  } else {
    // Both methods' seeds in one evaluator: the resample's gold-side work is done once for all.
    const preds = [...data.a, ...data.b];
    const scoreAll = metric.prepareAll
      ? metric.prepareAll(data.gold, preds)
      : (w: Uint32Array) => Float64Array.from(preds, (p) => metric.weighted(data.gold, p, w));
    resampleDifferences(n, data.a.length, data.b.length, scoreAll, options.random, stats);
  }
  return { difference, interval: percentileInterval(stats, options.confidence) };
}
