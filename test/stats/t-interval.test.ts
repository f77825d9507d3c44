/** The t-interval of a mean over seeds, against scipy's values frozen in test/fixtures/stats/t-reference.json. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { tMeanCI, tQuantile } from '../../src/stats/t-interval.ts';

interface Reference {
  quantiles: { p: number; dof: number; value: number }[];
  intervals: { values: number[]; confidence: number; low: number; high: number }[];
}
const reference = JSON.parse(readFileSync(new URL('../fixtures/stats/t-reference.json', import.meta.url), 'utf8')) as Reference;

/** jstat's inverse incomplete beta agrees with scipy to about 3e-8 relative; reports print 3–4 digits. */
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= 1e-7 * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs scipy ${expected}`);

test('t quantiles match scipy.stats.t.ppf for 1 to 100 degrees of freedom', () => {
  assert.ok(reference.quantiles.length >= 40);
  for (const q of reference.quantiles) close(tQuantile(q.p, q.dof), q.value, `t(${q.p}, ${q.dof})`);
});

test('t-intervals of a mean match scipy.stats.t.interval', () => {
  for (const r of reference.intervals) {
    const ci = tMeanCI(r.values, r.confidence);
    close(ci.low, r.low, `low of ${r.values} at ${r.confidence}`);
    close(ci.high, r.high, `high of ${r.values} at ${r.confidence}`);
  }
});

test('two seeds give the wide interval the issue quotes, not [min, max]', () => {
  const ci = tMeanCI([0.479, 0.542], 0.95);
  assert.ok(ci.low < 0.12 && ci.high > 0.9, `[${ci.low}, ${ci.high}]`);
});

test('fewer than two values give no interval; equal values give a zero-width one', () => {
  assert.ok(Number.isNaN(tMeanCI([0.5], 0.95).low) && Number.isNaN(tMeanCI([], 0.95).high));
  assert.deepEqual(tMeanCI([0.5, 0.5, 0.5], 0.95), { low: 0.5, high: 0.5 });
  assert.ok(Number.isNaN(tQuantile(0.975, 0)) && Number.isNaN(tQuantile(1, 3)));
});

test("an interval is cut to the metric's range, where the mean lies too", () => {
  const wide = tMeanCI([0.688073394495, 0.567660550459], 0.95);
  assert.ok(wide.low < 0 && wide.high > 1, `[${wide.low}, ${wide.high}]`);
  assert.deepEqual(tMeanCI([0.688073394495, 0.567660550459], 0.95, [0, 1]), { low: 0, high: 1 });
  const inside = tMeanCI([0.61, 0.58, 0.64], 0.95, [0, 1]);
  assert.deepEqual(inside, tMeanCI([0.61, 0.58, 0.64], 0.95));
});
