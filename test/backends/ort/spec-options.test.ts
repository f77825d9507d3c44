/**
 * What the ort backend takes from a run spec besides training settings
 * (src/backends/ort/spec-options.ts): torch-only kinds and decoder hidden dropout are refused with
 * a message, and `spec.dropout` becomes the engine's hidden and head dropout (0 when absent) —
 * seeded, so a rerun is identical, and really applied, so the losses move.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrtBackend } from '../../../src/backends/ort/backend.ts';
import { engineDropout, ortSpecProblem } from '../../../src/backends/ort/spec-options.ts';
import type { RunSpec } from '../../../src/types/run-spec.ts';
import { parityRunSpec, writeParityModel, writeParitySplit } from '../../parity/parity-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'reftbench-ort-spec-'));
const model = writeParityModel(dir, 'encoder');

const splits = Promise.all([writeParitySplit(dir, model.arch, 'encoder', 'train'), writeParitySplit(dir, model.arch, 'encoder', 'dev')]);

async function spec(change: (s: RunSpec) => void = () => {}): Promise<RunSpec> {
  const [train, dev] = await splits;
  const s = parityRunSpec({ family: 'encoder', model, kind: 'lora', hparams: { rank: 2, alpha: 4, dropout: 0, targets: ['query', 'value'], rslora: false, layers: [0, 1] }, lr: 1e-2, train, dev, initParams: 'unused' });
  delete s.initParams;
  s.training.steps = 3;
  s.backend = { name: 'ort', threads: 1, deterministic: true };
  change(s);
  return s;
}

async function losses(s: RunSpec): Promise<number[]> {
  const out = await new OrtBackend().run({ spec: s, modelDir: model.dir, signal: new AbortController().signal, onStep: () => {} });
  return out.lossCurve.map((p) => p.loss!);
}

test('torch-only kinds and decoder hidden dropout are refused; other specs pass', async () => {
  const lora = await spec();
  assert.equal(ortSpecProblem(lora), undefined);
  assert.match(ortSpecProblem({ ...lora, method: { id: 'v', kind: 'vera', hparams: {} } }) ?? '', /vera runs only on the torch backend/);
  const decoder = { ...lora, model: { ...lora.model, family: 'decoder' as const }, dropout: { hidden: 0.1 } };
  assert.match(ortSpecProblem(decoder) ?? '', /\/dropout\/hidden is 0.1/);
  assert.equal(ortSpecProblem({ ...decoder, dropout: { head: 0.1 } }), undefined);
  assert.match(new OrtBackend().unsupported({ ...lora, method: { id: 'o', kind: 'oft', hparams: {} } }) ?? '', /oft runs only on the torch backend/);
});

test('spec.dropout becomes the engine dropout, 0 when absent', async () => {
  assert.deepEqual(engineDropout(await spec()), { hiddenDropout: 0, headDropout: 0 });
  assert.deepEqual(engineDropout(await spec((s) => (s.dropout = { head: 0.2 }))), { hiddenDropout: 0, headDropout: 0.2 });
  assert.deepEqual(engineDropout(await spec((s) => (s.dropout = { hidden: 0.1, head: 0.3 }))), { hiddenDropout: 0.1, headDropout: 0.3 });
});

test('the ort backend applies spec.dropout, seeded: a rerun is identical, the losses differ from no dropout', async () => {
  const dropped = await spec((s) => (s.dropout = { hidden: 0.3, head: 0.5 }));
  const first = await losses(dropped);
  assert.deepEqual(await losses(dropped), first);
  const plain = await losses(await spec());
  assert.notEqual(first[0], plain[0]);
});
