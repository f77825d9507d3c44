import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ExampleResamples, pairedDifferenceCI, resampledSeedMeans } from '../../src/stats/bootstrap.ts';
import { resampledMetrics } from '../../src/stats/resampled-metrics.ts';

const resamplesOf = (n: number, seed: number, count = 4000) => new ExampleResamples(n, count, seed);

test('example resamples: every resample draws n examples; the same seed gives the same draws, another seed others', () => {
  const draws = (seed: number) => {
    const rows: number[][] = [];
    resamplesOf(7, seed, 50).forEach((w) => rows.push([...w]));
    return rows;
  };
  const a = draws(11);
  assert.equal(a.length, 50);
  for (const row of a) assert.equal(row.reduce((s, v) => s + v, 0), 7);
  assert.deepEqual(draws(11), a);
  assert.notDeepEqual(draws(12), a);
});

test('paired bootstrap: identical predictions differ by exactly 0', () => {
  const gold = [0, 1, 1, 0, 1, 0, 0, 1];
  const pred = [0, 1, 0, 0, 1, 1, 0, 1];
  const resamples = resamplesOf(gold.length, 3);
  const a = resampledSeedMeans(gold, [pred], resampledMetrics.accuracy!, resamples);
  const b = resampledSeedMeans(gold, [pred], resampledMetrics.accuracy!, resamples);
  assert.deepEqual(pairedDifferenceCI(a, b, 0.95), { low: 0, high: 0 });
});

test('paired bootstrap: A right on 60 more of 400 examples gives a CI around the 0.15 difference', () => {
  const n = 400;
  const gold = Array.from({ length: n }, (_, i) => i % 2);
  const a = gold.map((g, i) => (i < 340 ? g : 1 - g)); // 85% correct
  const b = gold.map((g, i) => (i < 280 ? g : 1 - g)); // 70% correct; A ⊇ B correct set
  const resamples = resamplesOf(n, 4);
  const interval = pairedDifferenceCI(
    resampledSeedMeans(gold, [a], resampledMetrics.accuracy!, resamples),
    resampledSeedMeans(gold, [b], resampledMetrics.accuracy!, resamples),
    0.95,
  );
  // Per-example differences are 1 on 60 examples and 0 elsewhere: SE = sqrt(0.15·0.85/400) ≈ 0.01785.
  assert.ok(interval.low > 0.1 && interval.low < 0.125, `low ${interval.low}`);
  assert.ok(interval.high > 0.175 && interval.high < 0.2, `high ${interval.high}`);
});

test('paired bootstrap: unpaired resamples would be wider (the pairing is what narrows the interval)', () => {
  const n = 400;
  const gold = Array.from({ length: n }, (_, i) => i % 2);
  const a = gold.map((g, i) => (i < 340 ? g : 1 - g));
  const b = gold.map((g, i) => (i < 280 ? g : 1 - g));
  const metric = resampledMetrics.accuracy!;
  const paired = pairedDifferenceCI(resampledSeedMeans(gold, [a], metric, resamplesOf(n, 4)), resampledSeedMeans(gold, [b], metric, resamplesOf(n, 4)), 0.95);
  const unpaired = pairedDifferenceCI(resampledSeedMeans(gold, [a], metric, resamplesOf(n, 4)), resampledSeedMeans(gold, [b], metric, resamplesOf(n, 5)), 0.95);
  // Unpaired SE = sqrt(0.85·0.15/400 + 0.7·0.3/400) ≈ 0.0291 against 0.0179 paired.
  assert.ok(unpaired.high - unpaired.low > 1.4 * (paired.high - paired.low), `paired ${paired.high - paired.low}, unpaired ${unpaired.high - unpaired.low}`);
});

test('resampled scores average the seeds: each resample is the mean of the seeds\' weighted metric (F1, and accuracy by its fast path)', () => {
  const gold = [1, 1, 1, 1, 0, 0, 0, 0, 1, 0];
  const seeds = [
    [1, 1, 0, 0, 0, 0, 0, 0, 1, 1],
    [1, 1, 1, 1, 0, 0, 0, 1, 1, 0],
    [0, 1, 1, 1, 1, 0, 0, 0, 1, 0],
  ];
  for (const name of ['f1', 'accuracy'] as const) {
    const metric = resampledMetrics[name]!;
    const resamples = resamplesOf(gold.length, 6, 200);
    const got = resampledSeedMeans(gold, seeds, metric, resamples);
    resamples.forEach((w, r) => {
      const expected = seeds.reduce((s, p) => s + metric.weighted(gold, p, w), 0) / seeds.length;
      assert.ok(Math.abs(got[r]! - expected) < 1e-12, `${name} resample ${r}: ${got[r]} vs ${expected}`);
    });
  }
});

test('resampled scores refuse predictions on another number of examples than the resamples were drawn for', () => {
  assert.throws(() => resampledSeedMeans([0, 1, 1], [[0, 1, 1]], resampledMetrics.accuracy!, resamplesOf(4, 1, 10)), /3 examples, resamples drawn for 4/);
});
