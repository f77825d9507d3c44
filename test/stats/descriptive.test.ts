import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mean, quantileSorted, sampleStd } from '../../src/stats/descriptive.ts';

test('mean and sample standard deviation of a known sample', () => {
  assert.equal(mean([2, 4, 4, 4, 5, 5, 7, 9]), 5);
  // Sum of squared deviations 32 over n − 1 = 7.
  assert.ok(Math.abs(sampleStd([2, 4, 4, 4, 5, 5, 7, 9]) - Math.sqrt(32 / 7)) < 1e-12);
  assert.equal(sampleStd([3]), 0);
});

test('empty input gives NaN rather than a made-up number', () => {
  assert.ok(Number.isNaN(mean([])));
  assert.ok(Number.isNaN(sampleStd([])));
  assert.ok(Number.isNaN(quantileSorted([], 0.5)));
});

test('type-7 quantiles match NumPy on 1..10', () => {
  const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.equal(quantileSorted(xs, 0.5), 5.5);
  assert.ok(Math.abs(quantileSorted(xs, 0.025) - 1.225) < 1e-12);
  assert.ok(Math.abs(quantileSorted(xs, 0.975) - 9.775) < 1e-12);
  assert.equal(quantileSorted(xs, 0), 1);
  assert.equal(quantileSorted(xs, 1), 10);
});
