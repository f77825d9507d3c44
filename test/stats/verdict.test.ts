/** The verdict rule: adjusted p, the design's smallest reachable p, the metric's direction and the CI beside it. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INCONCLUSIVE, verdictOf, type VerdictInput } from '../../src/stats/verdict.ts';

const base: VerdictInput = {
  difference: 0.05, direction: 'max', pAdjusted: 0.01, smallestPAdjusted: 0.008, seeds: 8, alpha: 0.05, interval: { low: 0.02, high: 0.08 },
};

test('significant in both directions, for a max and a min metric', () => {
  assert.equal(verdictOf(base), 'better');
  assert.equal(verdictOf({ ...base, difference: -0.05, interval: { low: -0.08, high: -0.02 } }), 'worse');
  // mse, loss: a lower score is better.
  assert.equal(verdictOf({ ...base, direction: 'min' }), 'worse');
  assert.equal(verdictOf({ ...base, direction: 'min', difference: -0.05, interval: { low: -0.08, high: -0.02 } }), 'better');
});

test('adjusted p at or above alpha is no significant difference when the CI contains zero', () => {
  assert.equal(verdictOf({ ...base, pAdjusted: 0.05, interval: { low: -0.01, high: 0.08 } }), 'no significant difference');
  assert.equal(verdictOf({ ...base, pAdjusted: 0.2, interval: null }), 'no significant difference');
});

test('a verdict never contradicts the CI beside it: when they disagree it says so', () => {
  // Significant over seeds, but the CI over examples contains zero or lies on the other side.
  assert.equal(verdictOf({ ...base, interval: { low: -0.01, high: 0.08 } }), INCONCLUSIVE);
  assert.equal(verdictOf({ ...base, interval: { low: -0.08, high: -0.02 } }), INCONCLUSIVE);
  // Not significant over seeds, but the CI excludes zero.
  assert.equal(verdictOf({ ...base, pAdjusted: 0.3 }), INCONCLUSIVE);
  // Without a CI (a metric the bootstrap cannot recompute) the seed test decides alone.
  assert.equal(verdictOf({ ...base, interval: null }), 'better');
  assert.equal(verdictOf({ ...base, interval: { low: null, high: null } }), 'better');
});

test('a design that cannot reach alpha says so instead of "no significant difference"', () => {
  assert.equal(verdictOf({ ...base, seeds: 3, pAdjusted: 1, smallestPAdjusted: 1 }), 'cannot be significant with 3 seeds');
  assert.equal(verdictOf({ ...base, seeds: 5, pAdjusted: 0.0625, smallestPAdjusted: 0.05 }), 'cannot be significant with 5 seeds');
  assert.equal(verdictOf({ ...base, pAdjusted: null }), 'not tested');
  assert.equal(verdictOf({ ...base, difference: 0, pAdjusted: 0.01, interval: null }), 'no significant difference');
});
