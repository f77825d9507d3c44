/**
 * The test over seeds used by the report: a two-sided paired permutation (sign-flip) test on the
 * per-seed differences d_s = score_A(seed s) − score_B(seed s). Under the null hypothesis the two
 * methods are exchangeable within a seed, so each d_s is equally likely to carry either sign.
 * p = share of sign assignments whose |Σ ±d_s| is at least the observed |Σ d_s|.
 *
 * Exact (all 2^n assignments) for n ≤ 16 seeds; seeded Monte Carlo beyond, with p = (k + 1)/(R + 1).
 * With n seeds the smallest reachable p is 2/2^n (0.25 for 3 seeds, 0.0625 for 5): the test is
 * honest about how little a handful of seeds can show.
 */
import type { Random } from './random.ts';

const EXACT_LIMIT = 16;
const RESAMPLES = 20000;

/**
 * The smallest p-value the test can return for n paired seeds: 2/2^n when exact (both all-positive
 * and all-negative sign patterns are as extreme as the observed one), 1/(R + 1) for the Monte Carlo
 * estimate; 1 for no seeds.
 */
export function smallestPValue(n: number, resamples = RESAMPLES): number {
  if (n === 0) return 1;
  return n <= EXACT_LIMIT ? Math.min(1, 2 / 2 ** n) : 1 / (resamples + 1);
}

export interface PermutationResult {
  pValue: number;
  /** True when all 2^n sign assignments were enumerated. */
  exact: boolean;
}

export function pairedPermutationTest(differences: readonly number[], random: Random, resamples = RESAMPLES): PermutationResult {
  const n = differences.length;
  if (n === 0) return { pValue: 1, exact: true };
  const observed = Math.abs(differences.reduce((s, d) => s + d, 0));
  // Sums that differ from the observed one only by rounding count as ties.
  const tolerance = 1e-12 * Math.max(1, differences.reduce((s, d) => s + Math.abs(d), 0));
  if (n <= EXACT_LIMIT) {
    const total = 2 ** n;
    let extreme = 0;
    for (let mask = 0; mask < total; mask++) {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += mask & (1 << i) ? -(differences[i] as number) : (differences[i] as number);
      if (Math.abs(sum) >= observed - tolerance) extreme++;
    }
    return { pValue: extreme / total, exact: true };
  }
  let extreme = 0;
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += random.next() < 0.5 ? -(differences[i] as number) : (differences[i] as number);
    if (Math.abs(sum) >= observed - tolerance) extreme++;
  }
  return { pValue: (extreme + 1) / (resamples + 1), exact: false };
}
