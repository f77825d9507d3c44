import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isBetter, metricsFor } from '../../src/metrics/metric-table.ts';
import { scoreMetrics } from '../../src/metrics/score.ts';

test('GLUE tasks get GLUE metrics, with directions', () => {
  assert.deepEqual(metricsFor({ source: 'glue/mrpc', type: 'classification' }).map((m) => m.name), ['f1', 'accuracy']);
  assert.deepEqual(metricsFor({ source: 'glue/cola', type: 'classification' }), [{ name: 'matthews', direction: 'max' }]);
  assert.deepEqual(metricsFor({ source: 'glue/stsb', type: 'regression' }).map((m) => m.name), ['pearson', 'spearman']);
  assert.deepEqual(metricsFor({ source: 'synthetic:lm@1', type: 'causal_lm' }), [
    { name: 'loss', direction: 'min' },
    { name: 'perplexity', direction: 'min' },
  ]);
});

test('isBetter follows the direction and never prefers NaN', () => {
  assert.ok(isBetter('max', 0.9, 0.8));
  assert.ok(isBetter('min', 0.1, 0.8));
  assert.ok(!isBetter('max', Number.NaN, 0.1));
  assert.ok(isBetter('min', 3, Number.NaN));
});

test('scoreMetrics computes class and language-model metrics', () => {
  const values = scoreMetrics(
    [{ name: 'accuracy', direction: 'max' }, { name: 'f1', direction: 'max' }],
    { kind: 'values', values: [1, 0, 1, 1] },
    { kind: 'values', values: [1, 0, 0, 1] },
  );
  assert.deepEqual(values, { accuracy: 0.75, f1: 0.8 });
  const lm = scoreMetrics(
    [{ name: 'loss', direction: 'min' }, { name: 'perplexity', direction: 'min' }, { name: 'exact_match', direction: 'max' }],
    { kind: 'lm', nllSums: [2, 4], tokenCounts: [1, 3], generations: [' yes', 'no'] },
    { kind: 'text', values: ['yes', 'maybe'] },
  );
  assert.equal(lm.loss, 1.5);
  assert.equal(lm.perplexity, Math.exp(1.5));
  assert.equal(lm.exact_match, 0.5);
  assert.throws(() => scoreMetrics([{ name: 'pearson', direction: 'max' }], { kind: 'lm', nllSums: [1], tokenCounts: [1] }, { kind: 'values', values: [1] }));
});
