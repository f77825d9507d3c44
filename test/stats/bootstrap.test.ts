import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrapMeanCI, pairedBootstrapCI } from '../../src/stats/bootstrap.ts';
import { createRandom } from '../../src/stats/random.ts';
import { resampledMetrics } from '../../src/stats/resampled-metrics.ts';

const options = (seed: number) => ({ resamples: 4000, confidence: 0.95, random: createRandom(seed) });

test('a constant sample has the degenerate interval at its value', () => {
  const ci = bootstrapMeanCI([0.8, 0.8, 0.8], options(1));
  assert.ok(Math.abs(ci.low - 0.8) < 1e-12 && Math.abs(ci.high - 0.8) < 1e-12, `${ci.low}..${ci.high}`);
});

test('the bootstrap CI of a mean approaches the normal-theory interval on a large sample', () => {
  // 0/1 sample with p = 0.3, n = 1000: standard error sqrt(0.21/1000) ≈ 0.01449, 95% half-width ≈ 0.0284.
  const values = Array.from({ length: 1000 }, (_, i) => (i % 10 < 3 ? 1 : 0));
  const ci = bootstrapMeanCI(values, options(2));
  assert.ok(Math.abs(ci.low - (0.3 - 0.0284)) < 0.004, `low ${ci.low}`);
  assert.ok(Math.abs(ci.high - (0.3 + 0.0284)) < 0.004, `high ${ci.high}`);
});

test('the same seed gives the same interval', () => {
  const values = [0.1, 0.5, 0.3, 0.9, 0.7];
  assert.deepEqual(bootstrapMeanCI(values, options(5)), bootstrapMeanCI(values, options(5)));
});

test('paired bootstrap: identical predictions differ by exactly 0', () => {
  const gold = [0, 1, 1, 0, 1, 0, 0, 1];
  const pred = [0, 1, 0, 0, 1, 1, 0, 1];
  const { difference, interval } = pairedBootstrapCI({ gold, a: [pred], b: [pred] }, resampledMetrics.accuracy!, options(3));
  assert.equal(difference, 0);
  assert.equal(interval.low, 0);
  assert.equal(interval.high, 0);
});

test('paired bootstrap: A right on 60 more of 400 examples gives a 0.15 difference with a CI around it', () => {
  const n = 400;
  const gold = Array.from({ length: n }, (_, i) => i % 2);
  const a = gold.map((g, i) => (i < 340 ? g : 1 - g)); // 85% correct
  const b = gold.map((g, i) => (i < 280 ? g : 1 - g)); // 70% correct; A ⊇ B correct set
  const { difference, interval } = pairedBootstrapCI({ gold, a: [a], b: [b] }, resampledMetrics.accuracy!, options(4));
  assert.ok(Math.abs(difference - 0.15) < 1e-12);
  // Per-example differences are 1 on 60 examples and 0 elsewhere: SE = sqrt(0.15·0.85/400) ≈ 0.01785.
  assert.ok(interval.low > 0.1 && interval.low < 0.125, `low ${interval.low}`);
  assert.ok(interval.high > 0.175 && interval.high < 0.2, `high ${interval.high}`);
});

test('paired bootstrap with a non-decomposable metric (F1) averages over seeds', () => {
  const gold = [1, 1, 1, 1, 0, 0, 0, 0];
  const perfect = [...gold];
  const half = [1, 1, 0, 0, 0, 0, 0, 0]; // F1 = 2·2/(2·2+0+2) = 2/3
  const { difference, interval } = pairedBootstrapCI(
    { gold, a: [perfect, perfect], b: [half, perfect] },
    resampledMetrics.f1!,
    options(6),
  );
  // mean over seeds: A = 1, B = (2/3 + 1)/2 = 5/6.
  assert.ok(Math.abs(difference - 1 / 6) < 1e-12);
  assert.ok(interval.low >= 0 && interval.high <= 0.5 && interval.low <= difference && difference <= interval.high);
});
