/**
 * The confidence interval of a mean over a few seeds: Student's t-interval,
 *   mean ± t(1 − α/2, n − 1) · s / √n,   s = sample standard deviation (n − 1), α = 1 − confidence.
 *
 * Why a t-interval and not a bootstrap: a report's test score is a mean over 2–10 seeds, and a
 * percentile bootstrap over n values can never leave [min, max] of those values (over 2 seeds it
 * is exactly [min, max]), so it claims far more certainty than n seeds hold; its coverage is well
 * below nominal for n < 10. A hierarchical bootstrap (seeds, then test examples inside each seed)
 * has the same problem at its outer level, where the seeds are, and the within-seed variance over
 * test examples is already part of each seed's score. The t-interval is exact when the seed scores
 * are normally distributed and widens correctly as n shrinks (t(0.975, 1) = 12.7), which is the
 * honest answer for a handful of seeds. One value gives no interval (NaN bounds). Given the range a
 * metric's values lie in (accuracy in [0, 1]), the interval is cut to it: the mean lies there too,
 * so the cut loses no coverage (with 2 seeds 0.57 and 0.69 the t-interval is [−0.14, 1.39]).
 *
 * The quantile comes from jstat (Student t inverse via the inverse regularised incomplete beta),
 * checked against scipy.stats.t.ppf in test/stats/t-interval.test.ts.
 */
import jstat from 'jstat';
import type { Interval } from './bootstrap.ts';
import { mean, sampleStd } from './descriptive.ts';

/** The p-quantile of Student's t distribution with `dof` degrees of freedom (dof ≥ 1, 0 < p < 1). */
export function tQuantile(p: number, dof: number): number {
  if (!(dof >= 1) || !(p > 0 && p < 1)) return Number.NaN;
  return jstat.jStat.studentt.inv(p, dof);
}

/**
 * The t-interval of the mean of `values` at `confidence` (e.g. 0.95), within `range` when given;
 * NaN bounds for fewer than 2 values.
 */
export function tMeanCI(values: readonly number[], confidence: number, range: readonly [number, number] = [-Infinity, Infinity]): Interval {
  const n = values.length;
  if (n < 2) return { low: Number.NaN, high: Number.NaN };
  const m = mean(values);
  const half = (tQuantile(1 - (1 - confidence) / 2, n - 1) * sampleStd(values)) / Math.sqrt(n);
  return { low: Math.max(range[0], m - half), high: Math.min(range[1], m + half) };
}
