import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairedPermutationTest, smallestPValue } from '../../src/stats/permutation-test.ts';
import { createRandom } from '../../src/stats/random.ts';

const random = () => createRandom(11);

test('five seeds all favouring A give the smallest exact p, 2/32', () => {
  const result = pairedPermutationTest([0.01, 0.02, 0.015, 0.03, 0.005], random());
  assert.equal(result.exact, true);
  assert.equal(result.pValue, 2 / 32);
});

test('three seeds can never reach p < 0.25', () => {
  assert.equal(pairedPermutationTest([1, 2, 3], random()).pValue, 0.25);
});

test('a sign pattern with a known count: d = [1, 1, -1, 3]', () => {
  // |Σ| = 4; sign flips with |Σ ±d| ≥ 4: (+,+,−,+), (+,+,+,+) = 6, (−,+,+,+), (+,−,+,+) = 4, and their negatives → 8 of 16.
  assert.equal(pairedPermutationTest([1, 1, -1, 3], random()).pValue, 0.5);
});

test('no difference at all gives p = 1', () => {
  assert.equal(pairedPermutationTest([0, 0, 0], random()).pValue, 1);
  assert.equal(pairedPermutationTest([], random()).pValue, 1);
});

test('many seeds fall back to a seeded Monte Carlo estimate near the exact answer', () => {
  const d = Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? -1 : 1)); // Σ = 10, 15 positive, 5 negative
  const first = pairedPermutationTest(d, createRandom(3), 20000);
  const second = pairedPermutationTest(d, createRandom(3), 20000);
  assert.equal(first.exact, false);
  assert.equal(first.pValue, second.pValue);
  // Exact: P(|2K − 20| ≥ 10) for K ~ Binomial(20, 1/2) = 2·P(K ≥ 15) = 0.04138946533203125.
  assert.ok(Math.abs(first.pValue - 0.04138946533203125) < 0.006, `p ${first.pValue}`);
});

test('the smallest reachable p: 2/2^n exact, 1/(R + 1) by Monte Carlo, 1 without seeds', () => {
  assert.equal(smallestPValue(3), 0.25);
  assert.equal(smallestPValue(6), 1 / 32);
  assert.equal(smallestPValue(1), 1);
  assert.equal(smallestPValue(0), 1);
  assert.equal(smallestPValue(20, 999), 1 / 1000);
  // Reached by the test itself: all differences of one sign.
  assert.equal(pairedPermutationTest([1, 2, 3, 4, 5, 6], random()).pValue, smallestPValue(6));
});
