/** The regression rules on synthetic values with known answers, both metric directions. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge } from '../../src/check/rules.ts';

const base = { mean: 0.8, ciLow: 0.78, ciHigh: 0.82 };

test('abs: worse by more than the tolerance regresses, within it is unchanged', () => {
  assert.equal(judge(0.79, base, 'max', { rule: 'abs', tolerance: 0.02 }).verdict, 'unchanged');
  assert.equal(judge(0.77, base, 'max', { rule: 'abs', tolerance: 0.02 }).verdict, 'regression');
  assert.equal(judge(0.83, base, 'max', { rule: 'abs', tolerance: 0.02 }).verdict, 'improvement');
  // Lower is better: a higher value is the regression.
  assert.equal(judge(0.83, base, 'min', { rule: 'abs', tolerance: 0.02 }).verdict, 'regression');
  assert.equal(judge(0.77, base, 'min', { rule: 'abs', tolerance: 0.02 }).verdict, 'improvement');
  assert.equal(judge(0.8, base, 'max', { rule: 'abs', tolerance: 0 }).verdict, 'unchanged');
});

test('rel: the tolerance scales with the baseline', () => {
  // 5% of 0.8 = 0.04.
  assert.equal(judge(0.765, base, 'max', { rule: 'rel', tolerance: 0.05 }).verdict, 'unchanged');
  assert.equal(judge(0.755, base, 'max', { rule: 'rel', tolerance: 0.05 }).verdict, 'regression');
  const judged = judge(0.755, base, 'max', { rule: 'rel', tolerance: 0.05 });
  assert.ok(Math.abs(judged.delta! + 0.045) < 1e-12);
});

test("ci: outside the baseline's interval on the worse side regresses", () => {
  assert.equal(judge(0.781, base, 'max', { rule: 'ci' }).verdict, 'unchanged');
  assert.equal(judge(0.779, base, 'max', { rule: 'ci' }).verdict, 'regression');
  assert.equal(judge(0.821, base, 'max', { rule: 'ci' }).verdict, 'improvement');
  assert.equal(judge(0.821, base, 'min', { rule: 'ci' }).verdict, 'regression');
});

test('a value that disappeared regresses; one that appeared improves', () => {
  assert.equal(judge(null, base, 'max', { rule: 'ci' }).verdict, 'regression');
  assert.equal(judge(0.5, { mean: null, ciLow: null, ciHigh: null }, 'max', { rule: 'ci' }).verdict, 'improvement');
  assert.equal(judge(null, { mean: null, ciLow: null, ciHigh: null }, 'max', { rule: 'ci' }).verdict, 'unchanged');
});
