/** The margin over a constant predictor: hand-computed intervals over seeds and over examples, and the both-intervals rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exampleMargin, isClearMargin, pastFloor, seedMargin } from '../../src/stats/floor-margin.ts';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-8, `${what}: ${actual} vs ${expected}`);

// scipy.stats.t.ppf(0.975, 2) and (0.975, 1).
const T2 = 4.302652729911275;
const T1 = 12.706204736174705;

test('over seeds: the t-interval of the per-seed margins (a max metric)', () => {
  // Margins 0.10, 0.14, 0.18: mean 0.14, sample std 0.04, half-width t(0.975, 2) · 0.04 / √3.
  const { n, margin, interval } = seedMargin([0.7, 0.74, 0.78], 0.6, 'max', 0.95);
  const half = (T2 * 0.04) / Math.sqrt(3);
  assert.equal(n, 3);
  close(margin, 0.14, 'margin');
  close(interval.low, 0.14 - half, 'low');
  close(interval.high, 0.14 + half, 'high');
  assert.ok(interval.low > 0.04 && interval.low < 0.041, String(interval.low));
});

test('over seeds: a min metric counts floor − score, so a lower error is a positive margin', () => {
  // mse 0.5 and 0.6 against a constant's 1.0: margins 0.5 and 0.4, mean 0.45, std 0.0707, half-width t(0.975, 1) · 0.05.
  const { margin, interval } = seedMargin([0.5, 0.6], 1, 'min', 0.95);
  close(margin, 0.45, 'margin');
  close(interval.low, 0.45 - T1 * 0.05, 'low');
  close(interval.high, 0.45 + T1 * 0.05, 'high');
  assert.equal(pastFloor(0.5, 1, 'min'), 0.5);
  assert.equal(pastFloor(0.5, 1, 'max'), -0.5);
});

test('one seed gives no interval over seeds', () => {
  const { n, margin, interval } = seedMargin([0.9], 0.5, 'max', 0.95);
  assert.equal(n, 1);
  close(margin, 0.4, 'margin');
  assert.ok(Number.isNaN(interval.low) && Number.isNaN(interval.high));
});

test('over examples: the percentile interval of method − constant resample by resample (constant − method for min)', () => {
  // Differences 0.3, 0.3, 0.2, 0.3, 0.25; sorted 0.2, 0.25, 0.3, 0.3, 0.3; type-7 quantiles at 0.025 and 0.975: 0.205 and 0.3.
  const higher = Float64Array.from([0.8, 0.9, 0.7, 0.85, 0.75]);
  const lower = Float64Array.from([0.5, 0.6, 0.5, 0.6, 0.5]);
  const max = exampleMargin(higher, lower, 'max', 0.95);
  close(max.low, 0.205, 'max low');
  close(max.high, 0.3, 'max high');
  // An error metric: the method's error is the lower one, the constant's the higher.
  const min = exampleMargin(lower, higher, 'min', 0.95);
  close(min.low, 0.205, 'min low');
  close(min.high, 0.3, 'min high');
  // The method below the floor: the interval lies below zero.
  const below = exampleMargin(lower, higher, 'max', 0.95);
  close(below.low, -0.3, 'below low');
  close(below.high, -0.205, 'below high');
});

test('clear only when both intervals lie above zero; the seeds alone decide where examples gave none', () => {
  const above = { low: 0.04, high: 0.24 };
  assert.equal(isClearMargin(above, { low: 0.205, high: 0.3 }), true);
  assert.equal(isClearMargin(above, null), true, 'no per-example predictions: the seeds decide');
  assert.equal(isClearMargin(above, { low: -0.01, high: 0.3 }), false, 'examples straddle zero');
  assert.equal(isClearMargin({ low: -0.01, high: 0.3 }, { low: 0.205, high: 0.3 }), false, 'seeds straddle zero');
  assert.equal(isClearMargin({ low: 0, high: 0.3 }, { low: 0.205, high: 0.3 }), false, 'touching zero is not above it');
  assert.equal(isClearMargin({ low: -0.3, high: -0.1 }, { low: -0.3, high: -0.2 }), false, 'below the floor excludes zero on the wrong side');
  assert.equal(isClearMargin({ low: Number.NaN, high: Number.NaN }, { low: 0.205, high: 0.3 }), false, 'one seed: no interval, never clear');
});
