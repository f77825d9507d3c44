/**
 * Final results carry per-example test predictions with gold labels (from the sealed final-scoring
 * step), and the report turns them into paired bootstrap comparisons over test examples.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generateReport } from '../../src/report/generate-report.ts';
import { fixtures, readResults, reftbench, repo, suiteVariant, tempDir } from './helpers.ts';

test('final runs record test predictions and gold labels; the report bootstraps LoReFT vs BitFit over them', async () => {
  const work = tempDir('test-predictions');
  const suite = suiteVariant(work, (s) => {
    s.name = 'run-tiny-paired';
    s.methods = [
      { id: 'loreft', kind: 'loreft', search: { rank: 2, layers: 'all', positions: 'f1+l1', tied: false, lr: [0.01] } },
      { id: 'bitfit', kind: 'bitfit', search: { lr: [0.01] } },
    ];
    s.tuning.trials = 1;
  });
  const results = join(work, 'results');
  const outcome = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results, '--json'], join(work, 'cache'));
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  const all = [...readResults(results).values()];
  const finals = all.filter((r) => r.spec.phase === 'final');
  assert.equal(finals.length, 4);
  for (const trial of all.filter((r) => r.spec.phase === 'trial')) assert.equal(trial.predictions, undefined, 'a trial stores no test predictions');
  const gold = finals[0]!.predictions!.gold;
  assert.ok(gold.length > 0 && gold.every((g) => g === 0 || g === 1));
  for (const f of finals) {
    const p = f.predictions!;
    assert.deepEqual(p.gold, gold, 'every final run is scored on the same test examples in the same order');
    assert.equal(p.predicted.length, gold.length);
    assert.equal(p.exampleIds?.length, gold.length);
    const correct: number = p.predicted.filter((v, i) => v === gold[i]).length / gold.length;
    assert.equal(f.metrics.test?.accuracy, correct, 'the stored records reproduce the test metric');
  }
  const generated = await generateReport(results, join(work, 'report'), repo, process.env);
  const comparisons = generated.report.comparisons;
  assert.equal(comparisons.length, 1);
  const c = comparisons[0]!;
  assert.deepEqual([c.method, c.baseline], ['loreft', 'bitfit']);
  assert.equal(c.exampleBootstrap.note, null);
  assert.equal(c.exampleBootstrap.examples, gold.length);
  assert.ok(c.exampleBootstrap.ciLow !== null && c.exampleBootstrap.ciHigh !== null && c.exampleBootstrap.ciLow <= c.exampleBootstrap.ciHigh);
});
