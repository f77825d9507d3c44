/**
 * The torch-only peft kinds (prefix, loha, lokr, vera, oft) end to end through `reftbench run
 * --backend torch` on a tiny generated BERT and the synthetic sentiment task, one trial and one
 * final per kind, 2 steps each (the worker checks its parameter count against the plan's); and the
 * same suite refused up front on the ort backend with one message naming the suite file and the
 * method, nothing written. The torch half is skipped only without the project venv.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { hasTorchEnv } from '../../../src/backends/registry.ts';
import { methods } from '../../../src/methods/registry.ts';
import { torchOnlyKinds } from '../../../src/backends/ort/method-kinds.ts';
import { readResults, reftbench, suiteVariant, tempDir } from '../../run/helpers.ts';

const SEARCH: Record<(typeof torchOnlyKinds)[number], Record<string, string | number>> = {
  prefix: { promptTokens: 4 },
  loha: { rank: 2, alpha: 4, targets: 'query,value' },
  lokr: { rank: 2, alpha: 4, targets: 'query,value' },
  vera: { rank: 8, dropout: 0.1, targets: 'query,value' },
  oft: { rank: 4, targets: 'query,value' },
};

function writeSuite(dir: string, prefer: 'torch' | 'ort'): string {
  return suiteVariant(dir, (suite) => {
    suite.name = `torch-only-${prefer}`;
    suite.tasks = [{
      id: 'sentiment', source: 'synthetic:sentiment@0', type: 'classification', numLabels: 2, maxLength: 16,
      metrics: [{ name: 'accuracy', direction: 'max' }],
      split: { train: { of: 'train' }, dev: { of: 'validation' }, test: { of: 'test' } },
      examples: { train: 16, validation: 8, test: 8 },
    }];
    suite.methods = torchOnlyKinds.map((kind) => ({ id: kind, kind, search: { ...SEARCH[kind], lr: 0.01 } }));
    suite.budget = { compute: { rule: 'steps', amount: 2 } };
    suite.tuning = { strategy: 'grid', trials: 1, seed: 0, select: { split: 'dev', metric: 'accuracy' } };
    suite.seeds = [1];
    suite.backend = { prefer, threads: 1, deterministic: true };
  });
}

test('on the ort backend a torch-only kind is refused before anything runs: one message naming the suite file and the method', async () => {
  const dir = tempDir('torch-only-ort');
  const file = writeSuite(dir, 'ort');
  const results = join(dir, 'results');
  const outcome = await reftbench(['run', file, '--backend', 'ort', '--results', results], join(dir, 'cache'));
  assert.equal(outcome.code, 2, outcome.err.join('\n'));
  const text = outcome.err.join('\n');
  assert.match(text, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: method "prefix" is prefix, which only the torch backend runs`));
  assert.match(text, /"prefer": "torch"|--backend torch/);
  assert.ok(!existsSync(results), 'nothing is written');
  const plan = await reftbench(['plan', file, '--backend', 'ort'], join(dir, 'cache'));
  assert.equal(plan.code, 2);
});

test('on the torch backend the bottleneck adapter (ort only) is refused before anything runs, naming the suite file and the method', async () => {
  const dir = tempDir('ort-only-torch');
  const file = suiteVariant(dir, (suite) => {
    suite.name = 'ort-only-on-torch';
    suite.methods = [{ id: 'houlsby', kind: 'adapter', search: { adapterSize: 4, lr: 0.01 } }];
    suite.budget = { compute: { rule: 'steps', amount: 2 } };
    suite.tuning = { strategy: 'grid', trials: 1, seed: 0, select: { split: 'dev', metric: 'accuracy' } };
  });
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const plan = await reftbench(['plan', file, '--backend', 'torch'], join(dir, 'cache'));
  assert.equal(plan.code, 2, plan.err.join('\n'));
  assert.match(plan.err.join('\n'), new RegExp(`${escaped}: method "houlsby" is adapter, which only the ort engine runs`));
  assert.equal((await reftbench(['plan', file, '--backend', 'ort'], join(dir, 'cache'))).code, 0, 'the same suite plans on ort');
  if (hasTorchEnv()) {
    const results = join(dir, 'results');
    const run = await reftbench(['run', file, '--backend', 'torch', '--results', results], join(dir, 'cache'));
    assert.equal(run.code, 2, run.err.join('\n'));
    assert.ok(!existsSync(results), 'nothing is written');
  }
});

test('prefix, loha, lokr, vera and oft train end to end on the torch backend', { skip: hasTorchEnv() ? false : 'no .venv: run `npm run setup:torch`', timeout: 10 * 60_000 }, async () => {
  const dir = tempDir('torch-only-run');
  const file = writeSuite(dir, 'torch');
  const results = join(dir, 'results');
  const outcome = await reftbench(['run', file, '--backend', 'torch', '--results', results, '--json'], join(dir, 'cache'));
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  const byKind = new Map<string, number>();
  for (const r of readResults(results).values()) {
    assert.equal(r.status, 'ok', `${r.spec.method.kind}: ${JSON.stringify(r)}`);
    assert.equal(r.spec.backend.name, 'torch');
    assert.equal(r.lossCurve.length, 2);
    assert.ok(r.lossCurve.every((p) => typeof p.loss === 'number' && Number.isFinite(p.loss)));
    const kind = r.spec.method.kind;
    assert.equal(r.params.trainable, methods[kind].countParams(r.spec.method.hparams, r.spec.model.arch).trainable, kind);
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  assert.deepEqual([...byKind.keys()].sort(), [...torchOnlyKinds].sort());
  assert.ok([...byKind.values()].every((n) => n === 2), 'one trial and one final per kind');
});
