/** Metrics against scikit-learn / scipy values on fixed prediction sets (test/fixtures/data/metrics-reference.json). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { accuracy } from '../../src/metrics/accuracy.ts';
import { binaryF1 } from '../../src/metrics/f1.ts';
import { matthews } from '../../src/metrics/matthews.ts';
import { pearson } from '../../src/metrics/pearson.ts';
import { averageRanks, spearman } from '../../src/metrics/spearman.ts';
import { meanSquaredError } from '../../src/metrics/mse.ts';

interface ClassificationCase { name: string; labels: number[]; predictions: number[]; accuracy: number; matthews: number; f1?: number }
interface RegressionCase { name: string; labels: number[]; predictions: number[]; pearson: number; spearman: number }
const reference = JSON.parse(readFileSync(new URL('../fixtures/data/metrics-reference.json', import.meta.url), 'utf8')) as {
  classification: ClassificationCase[];
  regression: RegressionCase[];
};
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} vs scikit-learn/scipy ${expected}`);

test('accuracy, binary F1 and Matthews correlation match scikit-learn', () => {
  assert.ok(reference.classification.length >= 5);
  for (const c of reference.classification) {
    close(accuracy(c.predictions, c.labels), c.accuracy, `${c.name} accuracy`);
    close(matthews(c.predictions, c.labels), c.matthews, `${c.name} matthews`);
    if (c.f1 !== undefined) close(binaryF1(c.predictions, c.labels), c.f1, `${c.name} f1`);
  }
});

test('Pearson and Spearman (ties averaged) match scipy', () => {
  for (const r of reference.regression) {
    close(pearson(r.predictions, r.labels), r.pearson, `${r.name} pearson`);
    close(spearman(r.predictions, r.labels), r.spearman, `${r.name} spearman`);
  }
});

test('values computed by hand', () => {
  // TP=2, TN=1, FP=1, FN=1: MCC = (2·1 − 1·1)/√(3·3·2·2) = 1/6; F1 = 4/6.
  close(matthews([1, 1, 0, 1, 0], [1, 1, 0, 0, 1]), 1 / 6, 'mcc');
  close(binaryF1([1, 1, 0, 1, 0], [1, 1, 0, 0, 1]), 2 / 3, 'f1');
  assert.deepEqual([...averageRanks([10, 20, 20, 5])], [2, 3.5, 3.5, 1]);
  close(pearson([1, 2, 3], [2, 4, 6]), 1, 'pearson');
  close(spearman([1, 2, 3], [30, 20, 10]), -1, 'spearman');
  close(meanSquaredError([1, 2], [2, 4]), 2.5, 'mse');
});

test('degenerate inputs: constant predictions give 0, not NaN', () => {
  assert.equal(matthews([1, 1, 1], [0, 1, 0]), 0);
  assert.equal(pearson([2, 2, 2], [0, 1, 0]), 0);
  assert.equal(binaryF1([0, 0], [0, 0]), 0);
});

test('mismatched or empty inputs are programming errors', () => {
  assert.throws(() => accuracy([1, 0], [1]), /2 predictions for 1 labels/);
  assert.throws(() => pearson([], []), /no examples/);
});
