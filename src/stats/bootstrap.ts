/**
 * Percentile bootstrap confidence intervals over test examples, seeded so that a report is
 * reproducible: `ExampleResamples` + `resampledSeedMeans` + `pairedDifferenceCI` give the difference
 * of two methods scored on the same test examples, resampling examples (both methods see the same
 * resampled indices, which is what makes it paired). A mean over a few seeds gets a t-interval
 * instead (t-interval.ts): a bootstrap over 2–3 values cannot leave their [min, max].
 */
import { quantileSorted } from './descriptive.ts';
import { createRandom } from './random.ts';
import type { ResampledMetric } from './resampled-metrics.ts';

/** A two-sided interval at `confidence` (e.g. 0.95). */
export interface Interval {
  low: number;
  high: number;
}

function percentileInterval(stats: Float64Array, confidence: number): Interval {
  const sorted = stats.slice().sort();
  const alpha = 1 - confidence;
  return { low: quantileSorted(sorted, alpha / 2), high: quantileSorted(sorted, 1 - alpha / 2) };
}

/** Resample counts kept in memory up to this many cells (resamples × examples; 4 bytes each, so 32 MiB). */
const KEEP_CELLS = 8 * 2 ** 20;

/**
 * The bootstrap resamples of one test set: `resamples` draws of n example indices (with
 * replacement) from one seeded stream, given as per-example counts. Every method scored on that
 * test set is evaluated on these same resamples, so a comparison of two methods is paired (both
 * see the same resampled examples), and each method's resampled scores are computed once however
 * many comparisons it takes part in. The counts are drawn on the first pass and kept for the next
 * ones when they fit in KEEP_CELLS; larger ones are drawn again from the seed on each pass.
 */
export class ExampleResamples {
  private kept: Uint32Array | undefined;

  constructor(
    readonly examples: number,
    readonly resamples: number,
    private readonly seed: number,
  ) {}

  /** Calls `visit(weights, r)` for r = 0 … resamples−1; weights[i] = times example i was drawn (read-only). */
  forEach(visit: (weights: Uint32Array, r: number) => void): void {
    const n = this.examples;
    if (this.kept) {
      for (let r = 0; r < this.resamples; r++) visit(this.kept.subarray(r * n, (r + 1) * n), r);
      return;
    }
    const keep = n * this.resamples <= KEEP_CELLS ? new Uint32Array(n * this.resamples) : undefined;
    const random = createRandom(this.seed);
    const scratch = keep ? undefined : new Uint32Array(n);
    const idx = new Uint32Array(n);
    for (let r = 0; r < this.resamples; r++) {
      const weights = keep ? keep.subarray(r * n, (r + 1) * n) : scratch!.fill(0);
      random.fillInts(idx, n);
      for (let i = 0; i < n; i++) weights[idx[i] as number]! += 1;
      visit(weights, r);
    }
    this.kept = keep;
  }
}

/**
 * A method's score on every resample: the metric of each seed's predictions on the resampled
 * examples, averaged over seeds (the same mean over seeds the report's test score is).
 * `preds` holds one prediction list per seed, all on the examples of `gold`.
 */
export function resampledSeedMeans(
  gold: readonly number[],
  preds: readonly (readonly number[])[],
  metric: ResampledMetric,
  resamples: ExampleResamples,
): Float64Array {
  const n = gold.length;
  if (n !== resamples.examples) throw new Error(`resampledSeedMeans: ${n} examples, resamples drawn for ${resamples.examples}`);
  const stats = new Float64Array(resamples.resamples);
  const k = preds.length;
  if (k === 0) return stats.fill(Number.NaN);
  const perExample = metric.perExample;
  if (perExample) {
    // Mean-decomposable (accuracy): the mean over seeds is the weighted mean of per-example seed means.
    const c = new Float64Array(n);
    for (const p of preds) perExample(gold, p).forEach((v, i) => (c[i] = (c[i] as number) + v / k));
    resamples.forEach((weights, r) => (stats[r] = weightedMean(weights, c)));
    return stats;
  }
  // One evaluator for all seeds: the resample's gold-side work is done once for all.
  const scoreAll = metric.prepareAll
    ? metric.prepareAll(gold, preds)
    : (w: Uint32Array) => Float64Array.from(preds, (p) => metric.weighted(gold, p, w));
  resamples.forEach((weights, r) => {
    const scores = scoreAll(weights);
    let sum = 0;
    for (let s = 0; s < k; s++) sum += scores[s] as number;
    stats[r] = sum / k;
  });
  return stats;
}

/** Σ wᵢcᵢ / Σ wᵢ (one module-level function, so the optimiser compiles its loop once for every method). */
function weightedMean(weights: Uint32Array, c: Float64Array): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < c.length; i++) {
    const w = weights[i] as number;
    total += w;
    sum += w * (c[i] as number);
  }
  return sum / total;
}

/**
 * Percentile CI of the difference a − b, resample by resample: `a` and `b` are two methods'
 * resampledSeedMeans on the same ExampleResamples (which is what makes the bootstrap paired).
 */
export function pairedDifferenceCI(a: Float64Array, b: Float64Array, confidence: number): Interval {
  if (a.length !== b.length) throw new Error(`pairedDifferenceCI: ${a.length} vs ${b.length} resamples`);
  const d = new Float64Array(a.length);
  for (let r = 0; r < d.length; r++) d[r] = (a[r] as number) - (b[r] as number);
  return percentileInterval(d, confidence);
}
