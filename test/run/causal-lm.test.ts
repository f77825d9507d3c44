/**
 * Causal-LM tasks through the runner on the ort backend: a generated tiny LLaMA trained on the
 * synthetic recall task, trials scored by response-token loss and perplexity on dev, selection on
 * dev loss (lower is better), finals scored once on test through the sealed path with per-example
 * records. Generation: the same tiny LLaMA, fully fine-tuned, is selected and scored by exact match
 * of its greedy answers on both backends; exact_match without generation settings is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/repo-root.ts';
import { validateResult } from '../../src/report/schema-validators.ts';
import { fixtures, readResults, reftbench, tempDir } from './helpers.ts';

const lmSuite = join(fixtures, 'tiny-lm.json');

test('a tiny LLaMA trains on a synthetic causal-LM task, is selected on dev loss and scored on test', async () => {
  const work = tempDir('causal-lm');
  const results = join(work, 'results');
  const outcome = await reftbench(['run', lmSuite, '--results', results, '--json'], join(work, 'cache'));
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  const all = [...readResults(results).values()];
  assert.equal(all.length, 8);
  for (const r of all) {
    const checked = validateResult(r);
    assert.ok(checked.ok, checked.ok ? '' : checked.problems.join('; '));
    assert.equal(r.status, 'ok');
    assert.equal(r.compute.steps, 4);
    const dev = r.metrics.dev!;
    assert.ok(typeof dev.loss === 'number' && dev.loss > 0 && dev.loss < Math.log(640) + 1, `dev loss ${dev.loss}`);
    assert.ok(Math.abs(dev.perplexity! - Math.exp(dev.loss)) < 1e-9 * dev.perplexity!);
  }
  const trials = all.filter((r) => r.spec.phase === 'trial');
  for (const t of trials) assert.ok(t.metrics.test === undefined && t.spec.data?.test === undefined && t.predictions === undefined);
  for (const method of ['loreft', 'lora']) {
    const own = trials.filter((t) => t.spec.method.id === method);
    const best = own.reduce((a, b) => (b.metrics.dev!.loss! < a.metrics.dev!.loss! ? b : a));
    const finals = all.filter((r) => r.spec.phase === 'final' && r.spec.method.id === method);
    assert.equal(finals.length, 2);
    for (const f of finals) {
      assert.equal(f.spec.trial, best.spec.trial, `${method}: the final runs use the trial with the lowest dev loss`);
      const test = f.metrics.test!;
      assert.ok(typeof test.loss === 'number' && Number.isFinite(test.loss));
      const p = f.predictions!;
      assert.equal(p.gold.length, 12);
      assert.ok(p.gold.every((g) => typeof g === 'string' && g.length > 0), 'gold is the reference response');
      const losses = p.predicted as number[];
      assert.ok(Math.min(...losses) <= test.loss && test.loss <= Math.max(...losses), 'the token-mean loss lies among the per-example losses');
    }
  }
  const lora = trials.filter((t) => t.spec.method.id === 'lora');
  assert.ok(lora.some((t) => t.lossCurve.at(-1)!.loss! < t.lossCurve[0]!.loss!), 'LoRA lowers the training loss within 4 steps');
});

test('exact_match without the task\'s generation settings is refused before anything is written (exit 2)', async () => {
  const work = tempDir('causal-lm-bad');
  const suite = JSON.parse(readFileSync(lmSuite, 'utf8')) as { $schema: string; tasks: Array<{ metrics: Array<{ name: string; direction: string }> }> };
  suite.$schema = join(fixtures, '..', '..', '..', 'schemas', 'suite.schema.json');
  suite.tasks[0]!.metrics.push({ name: 'exact_match', direction: 'max' });
  const file = join(work, 'suite.json');
  writeFileSync(file, JSON.stringify(suite));
  const results = join(work, 'results');
  const outcome = await reftbench(['run', file, '--results', results], join(work, 'cache'));
  assert.equal(outcome.code, 2);
  assert.match(outcome.err.join('\n'), /\/tasks\/0: missing required field "generation"/);
  assert.ok(!existsSync(results) || readResults(results).size === 0);
});

for (const backend of ['ort', 'torch'] as const) {
  const torchMissing = backend === 'torch' && !existsSync(join(REPO_ROOT, '.venv', 'bin', 'python')) ? 'no torch venv (npm run setup:torch)' : false;
  test(`${backend}: a tiny LLaMA learns synthetic recall and is selected and scored by exact match of its greedy generations`, { skip: torchMissing, timeout: 180_000 }, async () => {
    const work = tempDir(`causal-lm-generate-${backend}`);
    const results = join(work, 'results');
    const outcome = await reftbench(['run', join(fixtures, 'tiny-lm-generate.json'), '--backend', backend, '--results', results, '--json'], join(work, 'cache'));
    assert.equal(outcome.code, 0, outcome.err.join('\n'));
    const all = [...readResults(results).values()];
    assert.equal(all.length, 2);
    for (const r of all) {
      const checked = validateResult(r);
      assert.ok(checked.ok, checked.ok ? '' : checked.problems.join('; '));
      assert.equal(r.status, 'ok');
      assert.deepEqual(r.spec.task.generation, { maxNewTokens: 8, extract: 'first_word' }, 'the generation settings are recorded with the run');
      assert.ok(r.metrics.dev!.exact_match! >= 0.9, `dev exact match ${r.metrics.dev!.exact_match}`);
      assert.ok(typeof r.metrics.dev!.loss === 'number');
    }
    const final = all.find((r) => r.spec.phase === 'final')!;
    assert.ok(final.metrics.test!.exact_match! >= 0.9, `test exact match ${final.metrics.test!.exact_match}`);
    const p = final.predictions!;
    assert.equal(p.gold.length, 32);
    const colors = new Set(['red', 'blue', 'green', 'yellow', 'pink', 'brown']);
    assert.ok(p.gold.every((g) => typeof g === 'string' && colors.has(g)), 'gold holds the extracted reference answers');
    const hits = p.predicted.filter((x, i) => x === p.gold[i]).length;
    assert.equal(hits / p.gold.length, final.metrics.test!.exact_match, 'the records reproduce the metric');
  });
}
