import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allIndices, averageRanks, resampledMetrics } from '../../src/stats/resampled-metrics.ts';

const on = (name: string, gold: number[], pred: number[]) => resampledMetrics[name]!.score(gold, pred, allIndices(gold.length));
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} ≠ ${b}`);

test('accuracy and binary F1 by hand', () => {
  const gold = [1, 1, 1, 0, 0, 0, 1, 0];
  const pred = [1, 1, 0, 0, 1, 0, 1, 0];
  close(on('accuracy', gold, pred), 6 / 8);
  // tp = 3, fp = 1, fn = 1 → F1 = 6/8.
  close(on('f1', gold, pred), 6 / 8);
});

test('Matthews correlation: binary value matches sklearn, constant prediction gives 0', () => {
  // sklearn.metrics.matthews_corrcoef([1,1,1,0,0,0,1,0],[1,1,0,0,1,0,1,0]) = 0.5
  close(on('matthews', [1, 1, 1, 0, 0, 0, 1, 0], [1, 1, 0, 0, 1, 0, 1, 0]), 0.5);
  close(on('matthews', [1, 0, 1, 0], [1, 1, 1, 1]), 0);
  close(on('matthews', [0, 1, 2, 0, 1, 2], [0, 1, 2, 0, 1, 2]), 1);
  // sklearn.metrics.matthews_corrcoef([0,1,2,0,1,2],[0,2,1,0,1,2]) = 0.5
  close(on('matthews', [0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 1, 2]), 0.5);
});

test('Pearson and Spearman by hand, with ties ranked by their average', () => {
  close(on('pearson', [1, 2, 3, 4], [2, 4, 6, 8]), 1);
  close(on('pearson', [1, 2, 3], [3, 2, 1]), -1);
  // scipy.stats.pearsonr([1,2,3,4,5],[2,1,4,3,5]) = 0.8
  close(on('pearson', [1, 2, 3, 4, 5], [2, 1, 4, 3, 5]), 0.8);
  // monotone but not linear: Spearman 1
  close(on('spearman', [1, 2, 3, 4], [1, 8, 27, 64]), 1);
  assert.deepEqual(Array.from(averageRanks([10, 20, 20, 30])), [1, 2.5, 2.5, 4]);
  // scipy.stats.spearmanr([1,2,2,3],[1,3,2,4]) = 0.9486832980505138
  close(on('spearman', [1, 2, 2, 3], [1, 3, 2, 4]), 0.9486832980505138);
});

test('metrics respect the index list, repeats included', () => {
  const gold = [1, 0, 1];
  const pred = [1, 1, 0];
  assert.equal(resampledMetrics.accuracy!.score(gold, pred, [0, 0, 0, 1]), 0.75);
  assert.equal(resampledMetrics.accuracy!.score(gold, pred, [2, 2]), 0);
});

test('the weighted (resample-count) form equals the metric on the expanded index list', () => {
  const gold = [1, 0, 1, 1, 0, 2.5, 3, 0.5];
  const pred = [1, 1, 1, 0, 0, 2, 3.5, 0];
  const weights = Uint32Array.from([2, 0, 1, 3, 1, 0, 1, 0]);
  const idx = [0, 0, 2, 3, 3, 3, 4, 6];
  for (const name of ['accuracy', 'f1', 'matthews', 'pearson', 'spearman']) {
    const metric = resampledMetrics[name]!;
    close(metric.weighted(gold, pred, weights), metric.score(gold, pred, idx));
    if (metric.prepareAll) {
      const [first, second] = metric.prepareAll(gold, [pred, gold])(weights);
      assert.ok(Math.abs(first! - metric.score(gold, pred, idx)) < 1e-12, `${name} prepared`);
      assert.ok(Math.abs(second! - metric.score(gold, gold, idx)) < 1e-12, `${name} prepared, second list`);
    }
  }
});
