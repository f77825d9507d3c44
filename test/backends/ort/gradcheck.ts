/**
 * Test helper: checks the gradients the autodiff emits against central finite differences of the
 * same ONNX graph executed by onnxruntime. Loss = Σ y ⊙ R for a fixed random R, so every output
 * element is weighted differently.
 */
import { gradients } from '../../../src/backends/ort/graph/autodiff.ts';
import { Graph } from '../../../src/backends/ort/graph/graph.ts';
import * as op from '../../../src/backends/ort/graph/ops.ts';
import type { Shape, Tensor } from '../../../src/backends/ort/graph/types.ts';
import { emitModel } from '../../../src/backends/ort/onnx/emit.ts';
import { GraphSession, type HostData } from '../../../src/backends/ort/exec/session.ts';
import { Rng } from '../../../src/backends/ort/train/prng.ts';

export type FloatType = 'float32' | 'float64';

export interface InputSpec {
  shape: Shape;
  /** Draw from (0.5, 1.5) instead of N(0, 1) (for Log, Sqrt, Pow, Div denominators). */
  positive?: boolean;
}

export interface CheckOptions {
  dtype: FloatType;
  eps: number;
  atol: number;
  rtol: number;
  seed?: number;
  /** Elements checked per input (spread evenly); all when smaller. */
  samples?: number;
}

export const FLOAT64_CHECK: CheckOptions = { dtype: 'float64', eps: 1e-6, atol: 1e-7, rtol: 1e-5 };
/** float32 (ORT has no double kernel for Erf): eps 1e-2, tolerance 2e-3 + 1e-2·|g|. */
export const FLOAT32_CHECK: CheckOptions = { dtype: 'float32', eps: 1e-2, atol: 2e-3, rtol: 1e-2 };

export interface CheckResult {
  worst: { input: number; index: number; analytic: number; numeric: number } | undefined;
  checked: number;
  failures: string[];
}

function alloc(dtype: FloatType, n: number): Float32Array | Float64Array {
  return dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** Builds y = build(g, inputs), differentiates Σ y ⊙ R and compares with finite differences. */
export async function gradCheck(
  build: (g: Graph, xs: Tensor[]) => Tensor,
  specs: readonly InputSpec[],
  options: CheckOptions,
): Promise<CheckResult> {
  const rng = new Rng(options.seed ?? 1234);
  const g = new Graph();
  const xs = specs.map((s, i) => g.input(`x${i}`, options.dtype, s.shape, 'param'));
  const y = build(g, xs);
  const n = y.shape.reduce((a, b) => a * b, 1);
  const rData = alloc(options.dtype, n);
  for (let i = 0; i < n; i++) rData[i] = rng.normal();
  const r = g.constant(rData, options.dtype, y.shape);
  const loss = op.reduceSum(g, op.mul(g, y, r), y.shape.map((_, i) => i), false);
  const grads = gradients(g, loss, xs);
  const gradOuts = xs.map((x, i) => [`g${i}`, grads.get(x.id)!] as const);
  const withGrads = await GraphSession.create(emitModel(g, { outputs: [['loss', loss], ...gradOuts] }));
  const lossOnly = await GraphSession.create(emitModel(g, { outputs: [['loss', loss]] }));

  const feeds = new Map<string, HostData>();
  specs.forEach((s, i) => {
    const data = alloc(options.dtype, s.shape.reduce((a, b) => a * b, 1));
    for (let k = 0; k < data.length; k++) data[k] = s.positive ? 0.5 + rng.uniform() : rng.normal();
    feeds.set(`x${i}`, data);
  });
  const analytic = await withGrads.run(feeds);
  const evalLoss = async (): Promise<number> => Number((await lossOnly.run(feeds)).get('loss')![0]);

  const result: CheckResult = { worst: undefined, checked: 0, failures: [] };
  let worstRatio = -1;
  for (let i = 0; i < specs.length; i++) {
    const data = feeds.get(`x${i}`) as Float32Array | Float64Array;
    const ga = analytic.get(`g${i}`) as Float32Array | Float64Array;
    const count = data.length;
    const samples = Math.min(count, options.samples ?? 24);
    for (let s = 0; s < samples; s++) {
      const k = Math.floor((s * count) / samples);
      const orig = data[k]!;
      // Fresh host buffers so the session sees the perturbed values.
      const plus = data.slice(); plus[k] = orig + options.eps;
      feeds.set(`x${i}`, plus);
      const lp = await evalLoss();
      const minus = data.slice(); minus[k] = orig - options.eps;
      feeds.set(`x${i}`, minus);
      const lm = await evalLoss();
      feeds.set(`x${i}`, data);
      const numeric = (lp - lm) / (2 * options.eps);
      const a = ga[k]!;
      const allowed = options.atol + options.rtol * Math.abs(numeric);
      const ratio = Math.abs(a - numeric) / allowed;
      result.checked++;
      if (ratio > worstRatio) {
        worstRatio = ratio;
        result.worst = { input: i, index: k, analytic: a, numeric };
      }
      if (ratio > 1) result.failures.push(`input ${i}[${k}]: analytic ${a}, numeric ${numeric}`);
    }
  }
  await withGrads.release();
  await lossOnly.release();
  return result;
}
