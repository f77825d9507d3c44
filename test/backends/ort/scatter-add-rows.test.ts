/**
 * ScatterAddRows (the gradient of Gather: embedding rows) is exact and the same every run with
 * several threads: rows that share an index are summed in update order, in float32.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphSession } from '../../../src/backends/ort/exec/session.ts';
import { Graph } from '../../../src/backends/ort/graph/graph.ts';
import * as op from '../../../src/backends/ort/graph/ops.ts';
import { emitModel } from '../../../src/backends/ort/onnx/emit.ts';
import { Rng } from '../../../src/backends/ort/train/prng.ts';

test('ScatterAddRows with many updates per row equals the sequential float32 sum, every run, on 2 threads', async () => {
  const [n, width, rows] = [4096, 768, 3];
  const g = new Graph();
  const out = op.scatterAddRows(g, g.input('idx', 'int64', [n], 'batch'), g.input('upd', 'float32', [n, width], 'batch'), rows);
  const session = await GraphSession.create(emitModel(g, { outputs: [['y', out]] }), { intraOpThreads: 2, spinning: false });
  const rng = new Rng(3);
  const indices = BigInt64Array.from({ length: n }, () => BigInt(rng.int(2))); // row 2 gets nothing
  const updates = rng.normalArray(n * width);
  const expected = new Float32Array(rows * width);
  for (let i = 0; i < n; i++) {
    const r = Number(indices[i]);
    for (let j = 0; j < width; j++) expected[r * width + j] = Math.fround(expected[r * width + j]! + updates[i * width + j]!);
  }
  for (let run = 0; run < 5; run++) {
    const y = (await session.run(new Map<string, Float32Array | BigInt64Array>([['idx', indices], ['upd', updates]]))).get('y') as Float32Array;
    assert.deepEqual(new Uint32Array(y.buffer, y.byteOffset, y.length), new Uint32Array(expected.buffer), `run ${run}`);
  }
  await session.release();
});
