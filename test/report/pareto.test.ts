import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paretoFrontier } from '../../src/report/charts/pareto.ts';

test('the frontier keeps points no cheaper point beats', () => {
  const points = [
    { cost: 1, score: 0.7 },
    { cost: 2, score: 0.6 }, // dominated by the first
    { cost: 3, score: 0.8 },
    { cost: 3, score: 0.75 }, // same cost, worse
    { cost: 10, score: 0.9 },
  ];
  assert.deepEqual([...paretoFrontier(points, 'max')].sort(), [0, 2, 4]);
});

test('for lower-is-better metrics the frontier follows the minimum', () => {
  const points = [
    { cost: 1, score: 5 },
    { cost: 2, score: 3 },
    { cost: 3, score: 4 },
  ];
  assert.deepEqual([...paretoFrontier(points, 'min')].sort(), [0, 1]);
});
