import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectedMaxCurve, expectedMaxScore } from '../../src/stats/expected-max.ts';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test('one trial gives the mean; many trials approach the best score', () => {
  const scores = [0.6, 0.7, 0.9, 0.8];
  close(expectedMaxScore(scores, 1).expected, 0.75);
  assert.ok(Math.abs(expectedMaxScore(scores, 200).expected - 0.9) < 1e-12);
});

test('two scores {0, 1}: E[max of 2] = 3/4 with std sqrt(3)/4', () => {
  const result = expectedMaxScore([0, 1], 2);
  close(result.expected, 0.75);
  close(result.std, Math.sqrt(0.75 - 0.5625));
});

test('the curve is non-decreasing, and for lower-is-better metrics it tracks the minimum', () => {
  const curve = expectedMaxCurve([0.2, 0.5, 0.1, 0.9, 0.4]);
  assert.equal(curve.length, 5);
  for (let i = 1; i < curve.length; i++) assert.ok(curve[i]!.expected >= curve[i - 1]!.expected);
  close(expectedMaxScore([3, 1], 2, true).expected, 1.5); // P(min = 1) = 3/4 → 0.75·1 + 0.25·3
});

test('no trials gives NaN, not a number that looks real', () => {
  assert.ok(Number.isNaN(expectedMaxScore([], 3).expected));
});

test('the incremental curve equals the direct formula at every n', () => {
  const scores = [0.61, 0.7, 0.55, 0.9, 0.72, 0.72, 0.3];
  for (const lower of [false, true]) {
    const curve = expectedMaxCurve(scores, lower, 12);
    curve.forEach((p, k) => {
      const direct = expectedMaxScore(scores, k + 1, lower);
      assert.ok(Math.abs(p.expected - direct.expected) < 1e-12 && Math.abs(p.std - direct.std) < 1e-9, `n = ${k + 1}`);
    });
  }
});
