/**
 * The ort backend's reading of a run spec's `initParams` (src/backends/ort/init-params.ts): every
 * trainable parameter (and the method buffers the file has) replaced from a safetensors file in the
 * torch worker's names, R's parametrization and LoRA included; and the bad files beside it — missing,
 * incomplete, misshapen, or for a kind without worker names — each a UserError that changes nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type EngineModel } from '../../../src/backends/ort/engine.ts';
import { applyInitParams } from '../../../src/backends/ort/init-params.ts';
import { workerNameOf } from '../../../src/backends/ort/worker-names.ts';
import { ortEngine } from '../../../src/backends/ort/method-table.ts';
import { UserError } from '../../../src/errors.ts';
import { encodeSafetensors, type TensorMap } from '../../../src/models/safetensors.ts';
import type { MethodKind } from '../../../src/types/run-spec.ts';
import { hparams, tinyModel } from '../../methods/engine-setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'reftbench-init-params-'));
const model: EngineModel = tinyModel('roberta');

async function engineFor(kind: MethodKind, config: Record<string, string | number | boolean>): Promise<Engine> {
  return Engine.create(model, { kind: 'classification', numLabels: 2 }, ortEngine(kind, hparams(kind, model.arch, config), model.arch), { batchSize: 2, seqLen: 8, trainOnly: true, seed: 1 });
}

/** The engine's current tensors in the worker's names, each value shifted by `shift`, minus `drop`. */
function workerFile(engine: Engine, kind: MethodKind, shift: number, drop?: string): { path: string; expected: Map<string, Float32Array> } {
  const tensors: TensorMap = new Map();
  const expected = new Map<string, Float32Array>();
  for (const p of [...engine.parameters(), ...engine.buffers()]) {
    const w = workerNameOf(p.name, 'encoder', kind)!;
    const value = (engine.parameter(p.name) ?? engine.buffer(p.name))!.map((v, i) => v + shift * Math.sin(i + 1));
    expected.set(p.name, value);
    if (w.name === drop) continue;
    assert.ok(!w.transposed, `${w.name}: these kinds store nothing transposed`);
    tensors.set(w.name, { shape: [p.count], data: value });
  }
  const path = join(dir, `init-${kind}-${shift}-${drop ?? 'all'}.safetensors`);
  writeFileSync(path, encodeSafetensors(tensors, { format: 'pt' }));
  return { path, expected };
}

for (const [kind, config] of [['loreft', { rank: 2, positions: 'f1+l1', tied: false }], ['lora', { rank: 2, alpha: 4 }], ['noreft', { rank: 4, positions: 'l1' }]] as const) {
  test(`${kind}: every parameter and buffer comes from the file`, async () => {
    const engine = await engineFor(kind, config);
    try {
      const { path, expected } = workerFile(engine, kind, 0.25);
      applyInitParams(engine, path, kind, 'encoder');
      for (const [name, value] of expected) assert.deepEqual((engine.parameter(name) ?? engine.buffer(name))!, value, name);
      if (kind === 'loreft') assert.ok(engine.buffers().some((b) => b.name.endsWith('rotate.base')), 'R\'s base is among the buffers set');
    } finally {
      await engine.release();
    }
  });
}

test('bad files are user errors and change nothing', async () => {
  const engine = await engineFor('lora', { rank: 2, alpha: 4 });
  try {
    const before = engine.parameters().map((p) => Float32Array.from(engine.parameter(p.name)!));
    const unchanged = (): void => engine.parameters().forEach((p, i) => assert.deepEqual(engine.parameter(p.name), before[i], p.name));
    assert.throws(() => applyInitParams(engine, join(dir, 'absent.safetensors'), 'lora', 'encoder'), (e: unknown) => e instanceof UserError && /absent\.safetensors does not exist/.test(e.message));
    const loraA = workerNameOf(engine.parameters().find((p) => p.name.endsWith('.A'))!.name, 'encoder', 'lora')!.name;
    const partial = workerFile(engine, 'lora', 1, loraA).path;
    assert.throws(() => applyInitParams(engine, partial, 'lora', 'encoder'), (e: unknown) => e instanceof UserError && e.message.includes(`lacks ${loraA}`));
    unchanged();
    const tensors: TensorMap = new Map(engine.parameters().map((p) => [workerNameOf(p.name, 'encoder', 'lora')!.name, { shape: [p.count + 1], data: new Float32Array(p.count + 1) }]));
    const misshapen = join(dir, 'misshapen.safetensors');
    writeFileSync(misshapen, encodeSafetensors(tensors, { format: 'pt' }));
    assert.throws(() => applyInitParams(engine, misshapen, 'lora', 'encoder'), (e: unknown) => e instanceof UserError && /values; the model needs/.test(e.message));
    unchanged();
  } finally {
    await engine.release();
  }
  const ia3 = await engineFor('ia3', {});
  try {
    assert.throws(() => applyInitParams(ia3, join(dir, 'any.safetensors'), 'ia3', 'encoder'), /does not exist/);
    const file = join(dir, 'empty.safetensors');
    writeFileSync(file, encodeSafetensors(new Map(), { format: 'pt' }));
    assert.throws(() => applyInitParams(ia3, file, 'ia3', 'encoder'), (e: unknown) => e instanceof UserError && /not ia3/.test(e.message));
  } finally {
    await ia3.release();
  }
});
