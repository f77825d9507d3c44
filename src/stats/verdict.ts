/**
 * The verdict of one method-vs-baseline comparison, from its multiplicity-adjusted p-value over
 * seeds and the interval printed beside it (the paired bootstrap CI over test examples), so that
 * the two never contradict each other:
 * - "not tested": no p-value (fewer than 2 paired seeds);
 * - "cannot be significant with N seeds": even the most extreme result the design allows (every
 *   comparison at its smallest possible p, then corrected) would not reach adjusted p < α;
 * - "better" / "worse": adjusted p < α, and the interval (when there is one) lies on the side of
 *   zero that the difference is on; "better" is a higher score for a 'max' metric and a lower one
 *   for a 'min' metric (mse, loss);
 * - "no significant difference": adjusted p ≥ α and the interval (when there is one) contains zero;
 * - "inconclusive…": the test over seeds and the interval over examples disagree.
 */

export type Direction = 'max' | 'min';

export const INCONCLUSIVE = 'inconclusive (the seed test and the CI over examples disagree)';

export interface VerdictInput {
  /** Mean score of the method minus the baseline's. */
  difference: number | null;
  direction: Direction;
  /** The comparison's adjusted p-value (null: not tested). */
  pAdjusted: number | null;
  /** The smallest adjusted p-value this comparison could have reached with its seeds and family. */
  smallestPAdjusted: number | null;
  /** Seeds the test paired. */
  seeds: number;
  alpha: number;
  /** The interval of the difference printed beside the verdict, when there is one. */
  interval: { low: number | null; high: number | null } | null;
}

/** Which side of zero an interval lies on: 1 above, −1 below, 0 containing it; null without an interval. */
function sideOfZero(interval: VerdictInput['interval']): number | null {
  if (interval === null || interval.low === null || interval.high === null) return null;
  return interval.low > 0 ? 1 : interval.high < 0 ? -1 : 0;
}

export function verdictOf(input: VerdictInput): string {
  const { difference, pAdjusted, alpha } = input;
  if (pAdjusted === null) return 'not tested';
  if (input.smallestPAdjusted !== null && input.smallestPAdjusted >= alpha) return `cannot be significant with ${input.seeds} seeds`;
  const sign = difference === null ? 0 : Math.sign(difference);
  const side = sideOfZero(input.interval);
  if (pAdjusted < alpha && sign !== 0) {
    if (side !== null && side !== sign) return INCONCLUSIVE;
    const higherIsBetter = input.direction === 'max';
    return (sign > 0) === higherIsBetter ? 'better' : 'worse';
  }
  return side !== null && side !== 0 ? INCONCLUSIVE : 'no significant difference';
}
