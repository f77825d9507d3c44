import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adjustPValues, benjaminiHochberg, holm } from '../../src/stats/multiple-comparisons.ts';

const closeAll = (actual: number[], expected: number[]) =>
  actual.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] as number)) < 1e-12, `index ${i}: ${v} ≠ ${expected[i]}`));

test('Holm matches R p.adjust(method = "holm")', () => {
  closeAll(holm([0.01, 0.02, 0.03, 0.04, 0.05]), [0.05, 0.08, 0.09, 0.09, 0.09]);
  // Unsorted input keeps its order: p.adjust(c(0.04, 0.001, 0.5), "holm") = 0.08 0.003 0.5
  closeAll(holm([0.04, 0.001, 0.5]), [0.08, 0.003, 0.5]);
});

test('Benjamini–Hochberg matches R p.adjust(method = "BH")', () => {
  closeAll(benjaminiHochberg([0.01, 0.02, 0.03, 0.04, 0.05]), [0.05, 0.05, 0.05, 0.05, 0.05]);
  // p.adjust(c(0.04, 0.001, 0.5), "BH") = 0.06 0.003 0.5
  closeAll(benjaminiHochberg([0.04, 0.001, 0.5]), [0.06, 0.003, 0.5]);
});

test('adjusted p-values never exceed 1 and an empty family is empty', () => {
  closeAll(adjustPValues([0.6, 0.7], 'holm'), [1, 1]);
  assert.deepEqual(adjustPValues([], 'bh'), []);
});
