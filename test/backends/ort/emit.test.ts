/**
 * ONNX emission: only live nodes are written, frozen weights become initializers (or stay inputs),
 * and weights above the size threshold go to an external data file that onnxruntime loads.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Graph } from '../../../src/backends/ort/graph/graph.ts';
import * as op from '../../../src/backends/ort/graph/ops.ts';
import { emitModel } from '../../../src/backends/ort/onnx/emit.ts';
import { GraphSession } from '../../../src/backends/ort/exec/session.ts';

function smallModel(): { g: Graph; y: ReturnType<typeof op.matmul>; weight: Float32Array } {
  const g = new Graph();
  const x = g.input('x', 'float32', [2, 3], 'batch');
  g.input('w', 'float32', [3, 512], 'frozen');
  const w = g.values.find((v) => v.source.kind === 'input' && v.source.name === 'w')!;
  op.exp(g, x); // dead node: not on the path to the output
  const weight = Float32Array.from({ length: 3 * 512 }, (_, i) => (i % 7) - 3);
  return { g, y: op.matmul(g, x, w), weight };
}

test('frozen weights as initializers, dead nodes dropped, and the same result as feeding them', async () => {
  const { g, y, weight } = smallModel();
  const x = Float32Array.of(1, 2, 3, 4, 5, 6);
  const embedded = emitModel(g, { outputs: [['y', y]], frozenData: new Map([['w', weight]]) });
  assert.deepEqual(embedded.inputs.map((v) => v.source.kind === 'input' && v.source.name), ['x']);
  const fed = emitModel(g, { outputs: [['y', y]] });
  assert.deepEqual(fed.inputs.map((v) => v.source.kind === 'input' && v.source.name), ['x', 'w']);
  const a = await (await GraphSession.create(embedded)).run(new Map([['x', x]]));
  const b = await (await GraphSession.create(fed)).run(new Map([['x', x], ['w', weight]]));
  assert.deepEqual(Array.from(a.get('y') as Float32Array), Array.from(b.get('y') as Float32Array));
  assert.equal((a.get('y') as Float32Array)[0], 1 * -3 + 2 * ((512 % 7) - 3) + 3 * ((1024 % 7) - 3));
});

test('weights above the threshold go to an external data file that onnxruntime reads', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-emit-'));
  try {
    const { g, y, weight } = smallModel();
    const model = emitModel(g, { outputs: [['y', y]], frozenData: new Map([['w', weight]]), externalDir: dir, externalThreshold: 1000, name: 'big' });
    assert.equal(model.kind, 'file');
    assert.equal(statSync(join(dir, 'big.weights')).size, weight.byteLength);
    const out = await (await GraphSession.create(model)).run(new Map([['x', Float32Array.of(1, 0, 0, 0, 0, 0)]]));
    assert.deepEqual(Array.from((out.get('y') as Float32Array).slice(0, 3)), [-3, -2, -1]);
    assert.throws(() => emitModel(g, { outputs: [['y', y]], frozenData: new Map([['w', weight]]), externalThreshold: 1000 }), /externalDir/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a session refuses a missing or mis-sized feed', async () => {
  const { g, y } = smallModel();
  const session = await GraphSession.create(emitModel(g, { outputs: [['y', y]] }));
  await assert.rejects(session.run(new Map([['x', new Float32Array(6)]])), /w was not fed/);
  await assert.rejects(session.run(new Map([['x', new Float32Array(5)], ['w', new Float32Array(1536)]])), /needs 6 values/);
});
