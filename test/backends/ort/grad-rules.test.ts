/**
 * Every primitive gradient rule against central finite differences (float64 graphs, tolerance
 * 1e-7 + 1e-5·|g|; Erf and Gelu run in float32 because ORT has no double Erf: 2e-3 + 1e-2·|g|).
 * The case table is a Record over every OpType, so a new operator without a check does not compile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Graph } from '../../../src/backends/ort/graph/graph.ts';
import * as op from '../../../src/backends/ort/graph/ops.ts';
import { OP_TYPES, type OpType, type Tensor } from '../../../src/backends/ort/graph/types.ts';
import { emitModel } from '../../../src/backends/ort/onnx/emit.ts';
import { GraphSession } from '../../../src/backends/ort/exec/session.ts';
import { FLOAT32_CHECK, FLOAT64_CHECK, gradCheck, type CheckOptions, type InputSpec } from './gradcheck.ts';

interface Case {
  inputs: InputSpec[];
  build: (g: Graph, x: Tensor[]) => Tensor;
  options?: CheckOptions;
}

const idx = (g: Graph, values: number[], shape: number[]): Tensor => g.constant(BigInt64Array.from(values.map(BigInt)), 'int64', shape);
const x0 = (x: Tensor[]): Tensor => x[0]!;
const x1 = (x: Tensor[]): Tensor => x[1]!;

const cases: Record<OpType, Case> = {
  MatMul: { inputs: [{ shape: [2, 3, 4] }, { shape: [4, 5] }], build: (g, x) => op.matmul(g, x0(x), x1(x)) },
  // All four transpose combinations in one expression.
  Gemm: {
    inputs: [{ shape: [3, 4] }, { shape: [5, 4] }],
    build: (g, x) => op.add(
      g,
      op.add(g, op.gemm(g, x0(x), x1(x), false, true), op.transpose(g, op.gemm(g, x1(x), x0(x), false, true), [1, 0])),
      op.add(g, op.gemm(g, op.transpose(g, x0(x), [1, 0]), x1(x), true, true), op.transpose(g, op.gemm(g, op.transpose(g, x1(x), [1, 0]), op.transpose(g, x0(x), [1, 0]), true, false), [1, 0])),
    ),
  },
  Add: { inputs: [{ shape: [2, 3] }, { shape: [3] }], build: (g, x) => op.add(g, x0(x), x1(x)) },
  Sub: { inputs: [{ shape: [2, 1] }, { shape: [2, 3] }], build: (g, x) => op.sub(g, x0(x), x1(x)) },
  Mul: { inputs: [{ shape: [2, 3] }, { shape: [1, 3] }], build: (g, x) => op.mul(g, x0(x), x1(x)) },
  Div: { inputs: [{ shape: [2, 3] }, { shape: [3], positive: true }], build: (g, x) => op.div(g, x0(x), x1(x)) },
  Neg: { inputs: [{ shape: [5] }], build: (g, x) => op.neg(g, x0(x)) },
  Exp: { inputs: [{ shape: [5] }], build: (g, x) => op.exp(g, x0(x)) },
  Log: { inputs: [{ shape: [5], positive: true }], build: (g, x) => op.log(g, x0(x)) },
  Sqrt: { inputs: [{ shape: [5], positive: true }], build: (g, x) => op.sqrt(g, x0(x)) },
  Pow: { inputs: [{ shape: [5], positive: true }], build: (g, x) => op.pow(g, x0(x), -0.5) },
  Erf: { inputs: [{ shape: [6] }], build: (g, x) => op.erf(g, x0(x)), options: FLOAT32_CHECK },
  Tanh: { inputs: [{ shape: [6] }], build: (g, x) => op.tanh(g, x0(x)) },
  Max: { inputs: [{ shape: [2, 3] }, { shape: [3] }], build: (g, x) => op.max(g, x0(x), x1(x)) },
  ReduceSum: { inputs: [{ shape: [2, 3, 4] }], build: (g, x) => op.reduceSum(g, x0(x), [0, 2], false) },
  ReduceMean: { inputs: [{ shape: [2, 3, 4] }], build: (g, x) => op.reduceMean(g, x0(x), [1], true) },
  ReduceMax: { inputs: [{ shape: [3, 4] }], build: (g, x) => op.reduceMax(g, x0(x), [-1], false) },
  Reshape: { inputs: [{ shape: [2, 6] }], build: (g, x) => op.mul(g, op.reshape(g, x0(x), [3, 4]), op.reshape(g, x0(x), [3, 4])) },
  Transpose: { inputs: [{ shape: [2, 3, 4] }], build: (g, x) => op.transpose(g, x0(x), [2, 0, 1]) },
  Slice: { inputs: [{ shape: [3, 5] }], build: (g, x) => op.slice(g, x0(x), 1, 1, 4) },
  Pad: { inputs: [{ shape: [2, 3] }], build: (g, x) => op.pad(g, x0(x), [1, 0], [0, 2]) },
  Concat: { inputs: [{ shape: [2, 3] }, { shape: [2, 2] }], build: (g, x) => op.concat(g, [x0(x), x1(x), x0(x)], 1) },
  Gather: { inputs: [{ shape: [4, 3] }], build: (g, x) => op.gather(g, x0(x), idx(g, [3, 0, 3, 1], [2, 2]), 0) },
  ScatterAddRows: { inputs: [{ shape: [3, 2] }], build: (g, x) => op.scatterAddRows(g, idx(g, [1, 1, 4], [3]), x0(x), 5) },
  Where: { inputs: [{ shape: [2, 3] }, { shape: [3] }], build: (g, x) => op.where(g, op.greater(g, x0(x), g.scalar(0, x0(x).dtype)), x0(x), x1(x)) },
  Cast: {
    inputs: [{ shape: [4] }],
    build: (g, x) => op.cast(g, op.mul(g, op.cast(g, x0(x), 'float32'), g.scalar(3, 'float32')), 'float64'),
    options: { ...FLOAT64_CHECK, eps: 1e-3, atol: 1e-4, rtol: 1e-3 },
  },
  Expand: { inputs: [{ shape: [3, 1] }], build: (g, x) => op.expand(g, x0(x), [2, 3, 4]) },
  Equal: { inputs: [{ shape: [4] }], build: (g, x) => op.where(g, op.equal(g, x0(x), x0(x)), op.exp(g, x0(x)), x0(x)) },
  Less: { inputs: [{ shape: [4] }, { shape: [4] }], build: (g, x) => op.where(g, op.less(g, x0(x), x1(x)), x0(x), x1(x)) },
  Greater: { inputs: [{ shape: [4] }, { shape: [4] }], build: (g, x) => op.where(g, op.greater(g, x0(x), x1(x)), op.mul(g, x0(x), x1(x)), x1(x)) },
  // x · stop(x): the gradient must treat the stopped factor as a constant, i.e. equal x, not 2x.
  // Finite differences see 2x, so the check compares with the stopped function built separately.
  StopGradient: { inputs: [{ shape: [4] }], build: (g, x) => op.add(g, op.stopGradient(g, op.mul(g, x0(x), x0(x))), x0(x)) },
  Softmax: { inputs: [{ shape: [2, 3, 5] }], build: (g, x) => op.softmax(g, x0(x)) },
  Gelu: { inputs: [{ shape: [7] }], build: (g, x) => op.gelu(g, x0(x)), options: FLOAT32_CHECK },
  LayerNorm: { inputs: [{ shape: [2, 3, 6] }, { shape: [6] }, { shape: [6] }], build: (g, x) => op.layerNorm(g, x0(x), x1(x), x[2]!, 1e-5) },
};

for (const opType of OP_TYPES) {
  test(`gradient rule ${opType} matches finite differences`, async () => {
    const c = cases[opType];
    if (opType === 'StopGradient') {
      // d/dx [stop(x²) + x] = 1; finite differences would give 2x + 1, so check the value directly.
      const { Graph: G } = await import('../../../src/backends/ort/graph/graph.ts');
      const { gradients } = await import('../../../src/backends/ort/graph/autodiff.ts');
      const g = new G();
      const x = g.input('x', 'float64', [4], 'param');
      const loss = op.reduceSum(g, c.build(g, [x]), [0], false);
      const grad = gradients(g, loss, [x]).get(x.id)!;
      const session = await GraphSession.create(emitModel(g, { outputs: [['g', grad]] }));
      const out = await session.run(new Map([['x', Float64Array.of(0.5, -1, 2, 3)]]));
      assert.deepEqual(Array.from(out.get('g') as Float64Array), [1, 1, 1, 1]);
      return;
    }
    const result = await gradCheck(c.build, c.inputs, c.options ?? FLOAT64_CHECK);
    assert.deepEqual(result.failures, [], `worst: ${JSON.stringify(result.worst)}`);
    assert.ok(result.checked > 0);
  });
}
