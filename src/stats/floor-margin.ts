/**
 * A method's margin over a constant predictor (the majority-class floor), with an interval for each
 * source of noise a report's design has, and the rule that calls the margin clear:
 * - seeds: the Student t-interval (t-interval.ts) of the per-seed margins, margin_s = score_s − floor;
 * - test examples: a paired percentile bootstrap of (the method's mean-over-seeds score − the
 *   constant's score), both scored on the same resampled examples (bootstrap.ts ExampleResamples,
 *   resampledSeedMeans), so the floor moves with the resample as the method does.
 * Margins are oriented so that a positive one means past the floor: score − floor for a metric where
 * higher is better, floor − score for one where lower is better (mse). The margin is clear only when
 * both intervals lie above zero; where no interval over examples could be computed (no per-example
 * predictions), the one over seeds decides alone. One seed gives no interval over seeds, so never a
 * clear margin.
 */
import { pairedDifferenceCI, type Interval } from './bootstrap.ts';
import { mean } from './descriptive.ts';
import { tMeanCI } from './t-interval.ts';

export type Direction = 'max' | 'min';

/** How far `score` lies past `floor` in the metric's better direction. */
export function pastFloor(score: number, floor: number, direction: Direction): number {
  return direction === 'max' ? score - floor : floor - score;
}

/** The mean margin over seeds and its t-interval (NaN bounds for fewer than 2 seeds). */
export function seedMargin(perSeed: readonly number[], floor: number, direction: Direction, confidence: number): { n: number; margin: number; interval: Interval } {
  const margins = perSeed.map((s) => pastFloor(s, floor, direction));
  return { n: margins.length, margin: mean(margins), interval: tMeanCI(margins, confidence) };
}

/**
 * The percentile interval over test examples of the margin: `method` and `constant` are the
 * resampledSeedMeans of the method's predictions and of the constant prediction on the same
 * ExampleResamples.
 */
export function exampleMargin(method: Float64Array, constant: Float64Array, direction: Direction, confidence: number): Interval {
  return direction === 'max' ? pairedDifferenceCI(method, constant, confidence) : pairedDifferenceCI(constant, method, confidence);
}

/** Clear: the interval over seeds lies above zero, and so does the one over examples when there is one (null: none could be computed). */
export function isClearMargin(seeds: Interval, examples: Interval | null): boolean {
  const above = (i: Interval) => Number.isFinite(i.low) && Number.isFinite(i.high) && i.low > 0;
  return above(seeds) && (examples === null || above(examples));
}
