/**
 * Composite operators (built from primitives, no rules of their own): values against direct
 * formulas, gradients against finite differences (float64; GELU-erf in float32), and the pruning
 * property: the backward graph holds nothing below the lowest trainable input.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nn from '../../../src/backends/ort/graph/composite.ts';
import { gradients } from '../../../src/backends/ort/graph/autodiff.ts';
import { Graph } from '../../../src/backends/ort/graph/graph.ts';
import * as op from '../../../src/backends/ort/graph/ops.ts';
import type { Tensor } from '../../../src/backends/ort/graph/types.ts';
import { emitModel, liveNodes } from '../../../src/backends/ort/onnx/emit.ts';
import { GraphSession } from '../../../src/backends/ort/exec/session.ts';
import { FLOAT32_CHECK, FLOAT64_CHECK, gradCheck, type CheckOptions, type InputSpec } from './gradcheck.ts';

const x = (xs: Tensor[], i: number): Tensor => xs[i]!;

const composites: Record<string, { inputs: InputSpec[]; build: (g: Graph, xs: Tensor[]) => Tensor; options?: CheckOptions }> = {
  softmax: { inputs: [{ shape: [2, 5] }], build: (g, xs) => nn.softmax(g, x(xs, 0)) },
  logSoftmax: { inputs: [{ shape: [3, 4] }], build: (g, xs) => nn.logSoftmax(g, x(xs, 0)) },
  crossEntropy: {
    inputs: [{ shape: [4, 3] }],
    build: (g, xs) => nn.crossEntropy(g, x(xs, 0), g.constant(BigInt64Array.of(0n, 2n, 1n, 2n), 'int64', [4]), g.constant(Float64Array.of(1, 1, 0, 1), 'float64', [4])),
  },
  gelu: { inputs: [{ shape: [6] }], build: (g, xs) => nn.gelu(g, x(xs, 0)), options: FLOAT32_CHECK },
  geluTanh: { inputs: [{ shape: [6] }], build: (g, xs) => nn.geluTanh(g, x(xs, 0)) },
  silu: { inputs: [{ shape: [6] }], build: (g, xs) => nn.silu(g, x(xs, 0)) },
  layerNorm: { inputs: [{ shape: [2, 6] }, { shape: [6] }, { shape: [6] }], build: (g, xs) => nn.layerNorm(g, x(xs, 0), x(xs, 1), x(xs, 2), 1e-5) },
  rmsNorm: { inputs: [{ shape: [2, 6] }, { shape: [6] }], build: (g, xs) => nn.rmsNorm(g, x(xs, 0), x(xs, 1), 1e-5) },
  linear: { inputs: [{ shape: [2, 3, 4] }, { shape: [5, 4] }, { shape: [5] }], build: (g, xs) => nn.linear(g, x(xs, 0), x(xs, 1), x(xs, 2)) },
  attention: {
    inputs: [{ shape: [1, 2, 3, 4] }, { shape: [1, 2, 3, 4] }, { shape: [1, 2, 3, 4] }],
    build: (g, xs) => nn.attention(g, x(xs, 0), x(xs, 1), x(xs, 2), g.constant(Float64Array.of(0, -1e9, -1e9, 0, 0, -1e9, 0, 0, 0), 'float64', [1, 1, 3, 3]), 0.5),
  },
};

for (const [name, c] of Object.entries(composites)) {
  test(`composite ${name}: gradient matches finite differences`, async () => {
    const result = await gradCheck(c.build, c.inputs, c.options ?? FLOAT64_CHECK);
    assert.deepEqual(result.failures, [], `worst: ${JSON.stringify(result.worst)}`);
  });
}

async function evaluate(build: (g: Graph, x: Tensor) => Tensor, data: Float64Array, shape: number[]): Promise<number[]> {
  const g = new Graph();
  const input = g.input('x', 'float64', shape, 'batch');
  const s = await GraphSession.create(emitModel(g, { outputs: [['y', build(g, input)]] }));
  return Array.from((await s.run(new Map([['x', data]]))).get('y') as Float64Array);
}

test('softmax and layer norm values equal their formulas', async () => {
  const data = Float64Array.of(1, 2, 3, -1);
  const sm = await evaluate((g, t) => nn.softmax(g, t), data, [4]);
  const z = [...data].map(Math.exp).reduce((a, b) => a + b, 0);
  sm.forEach((v, i) => assert.ok(Math.abs(v - Math.exp(data[i]!) / z) < 1e-12));
  const ln = await evaluate((g, t) => nn.layerNorm(g, t, g.scalar(1, 'float64'), g.scalar(0, 'float64'), 0), data, [4]);
  const mean = 1.25;
  const sd = Math.sqrt([...data].reduce((a, v) => a + (v - mean) ** 2, 0) / 4);
  ln.forEach((v, i) => assert.ok(Math.abs(v - (data[i]! - mean) / sd) < 1e-12));
});

test('the backward graph reaches no module below the lowest trainable one', () => {
  const g = new Graph();
  const input = g.input('x', 'float32', [2, 4], 'batch');
  let h = input;
  const weights: Tensor[] = [];
  for (let l = 0; l < 4; l++) {
    const w = g.input(`w${l}`, 'float32', [4, 4], l === 2 ? 'param' : 'frozen');
    weights.push(w);
    h = g.scoped(`layer${l}`, () => nn.gelu(g, nn.linear(g, h, w)));
  }
  const loss = op.reduceMean(g, h, [0, 1], false);
  const grad = gradients(g, loss, [weights[2]!]).get(weights[2]!.id)!;
  const scopes = new Set(liveNodes(g, [loss, grad]).filter((n) => n.scope.startsWith('grad:')).map((n) => n.scope.split('/')[0]));
  assert.ok(scopes.has('grad:layer3') && scopes.has('grad:layer2'));
  assert.ok(!scopes.has('grad:layer1') && !scopes.has('grad:layer0'), `backward scopes: ${[...scopes]}`);
});

test('bad inputs to the builder are refused with a reason', () => {
  const g = new Graph();
  const a = g.input('a', 'float32', [2, 3], 'batch');
  const b = g.input('b', 'float32', [4, 5], 'batch');
  assert.throws(() => op.matmul(g, a, b), /inner dimensions/);
  assert.throws(() => op.add(g, a, b), /do not broadcast/);
  assert.throws(() => op.reshape(g, a, [4, 2]), /cannot reshape/);
  assert.throws(() => g.input('a', 'float32', [1], 'batch'), /declared twice/);
  assert.throws(() => gradients(g, a, [b]), /scalar/);
});
