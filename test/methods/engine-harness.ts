/**
 * Test harness for the methods' graph hooks in isolation: a BuildContext over a fresh graph whose
 * method parameters become graph inputs (buffers constants), a runner that feeds chosen values and returns the output
 * and the gradients of L = Σ y ⊙ C (C a fixed random tensor), and float64 helpers for the
 * closed-form references the tests compare against (with central finite differences of L).
 */
import { gradients } from '../../src/backends/ort/graph/autodiff.ts';
import { Graph } from '../../src/backends/ort/graph/graph.ts';
import * as op from '../../src/backends/ort/graph/ops.ts';
import type { Tensor } from '../../src/backends/ort/graph/types.ts';
import { emitModel } from '../../src/backends/ort/onnx/emit.ts';
import { GraphSession, type HostData } from '../../src/backends/ort/exec/session.ts';
import type { BuildContext } from '../../src/backends/ort/methods/method.ts';
import { Rng } from '../../src/backends/ort/train/prng.ts';

/** A BuildContext with no model around it: parameters are recorded, dropout is the identity. */
export class HarnessContext implements BuildContext {
  readonly g = new Graph();
  readonly training = false;
  readonly virtualTokens = 0;
  readonly attentionMask: Tensor;
  readonly params: { name: string; shape: number[]; init: Float32Array; tensor: Tensor }[] = [];
  readonly buffers: { name: string; shape: number[]; init: Float32Array }[] = [];

  constructor(readonly batch: number, readonly seqLen: number, private readonly weights: ReadonlyMap<string, Float32Array> = new Map()) {
    this.attentionMask = this.g.input('b:attention_mask', 'float32', [batch, seqLen], 'batch');
  }

  param(name: string, shape: readonly number[], init: Float32Array): Tensor {
    const tensor = this.g.input(`p:method.${name}`, 'float32', shape, 'param');
    this.params.push({ name: `method.${name}`, shape: [...shape], init, tensor });
    return tensor;
  }

  /** Fixed method tensors are embedded as constants (nothing to feed). */
  buffer(name: string, shape: readonly number[], init: Float32Array): Tensor {
    this.buffers.push({ name: `method.${name}`, shape: [...shape], init });
    return this.g.constant(init, 'float32', shape);
  }

  dropout(_name: string, x: Tensor, _p: number): Tensor {
    return x;
  }

  initRng(name: string): Rng {
    return new Rng(5).fork(name);
  }

  weightValue(name: string): Float32Array {
    const w = this.weights.get(name);
    if (!w) throw new Error(`harness: no weight ${name}`);
    return w;
  }

  /** A differentiable test input (gradients are emitted for it too). */
  input(name: string, shape: readonly number[]): Tensor {
    return this.g.input(name, 'float32', shape, 'param');
  }
}

export interface HookRun {
  y: Float32Array;
  /** Gradient of Σ y ⊙ C by input name (`p:method.*` for parameters). */
  grads: Map<string, Float32Array>;
  /** The cotangent C. */
  c: Float64Array;
}

/** Runs `y` of the harness graph with `values` fed by input name; returns y and gradients of Σ y ⊙ C. */
export async function runHook(ctx: HarnessContext, y: Tensor, values: ReadonlyMap<string, HostData>, seed = 99): Promise<HookRun> {
  const { g } = ctx;
  const n = y.shape.reduce((a, b) => a * b, 1);
  const rng = new Rng(seed);
  const c = Float64Array.from({ length: n }, () => rng.normal());
  const loss = op.reduceSum(g, op.mul(g, y, g.constant(Float32Array.from(c), 'float32', y.shape)), y.shape.map((_, i) => i), false);
  const wrt = g.inputs().filter((v) => v.source.kind === 'input' && v.source.role === 'param');
  const grads = gradients(g, loss, wrt);
  const outputs: [string, Tensor][] = [['y', y]];
  const named: [string, string][] = [];
  for (const v of wrt) {
    const grad = grads.get(v.id);
    if (grad === undefined || v.source.kind !== 'input') continue;
    named.push([`g:${v.source.name}`, v.source.name]);
    outputs.push([`g:${v.source.name}`, grad]);
  }
  const session = await GraphSession.create(emitModel(g, { outputs }));
  const out = await session.run(values);
  await session.release();
  const result = new Map<string, Float32Array>();
  for (const [output, input] of named) result.set(input, out.get(output) as Float32Array);
  return { y: out.get('y') as Float32Array, grads: result, c };
}

/** Random N(0, 1) float32 values for `shape`. */
export function randn(rng: Rng, shape: readonly number[], scale = 1): Float32Array {
  return rng.normalArray(shape.reduce((a, b) => a * b, 1), scale);
}

/** Row-major float64 x [n, k] times yᵀ for y [m, k]: [n, m]. */
export function matmulT(x: ArrayLike<number>, y: ArrayLike<number>, n: number, k: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) {
    let s = 0;
    for (let t = 0; t < k; t++) s += x[i * k + t]! * y[j * k + t]!;
    out[i * m + j] = s;
  }
  return out;
}

/** Row-major float64 x [n, k] times y [k, m]: [n, m]. */
export function matmul(x: ArrayLike<number>, y: ArrayLike<number>, n: number, k: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) {
    const a = x[i * k + t]!;
    for (let j = 0; j < m; j++) out[i * m + j]! += a * y[t * m + j]!;
  }
  return out;
}

/** Largest |a − b| over two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

/**
 * Central finite differences (float64, eps 1e-5) of L = Σ ref(values) ⊙ C with respect to every
 * entry of the input `name`, compared with the engine's analytic gradient: returns the failures.
 */
export function finiteDifferenceFailures(
  ref: (values: Map<string, Float64Array>) => Float64Array,
  values: ReadonlyMap<string, HostData>,
  run: HookRun,
  names: readonly string[],
  tol = { atol: 1e-4, rtol: 1e-3 },
): string[] {
  const v64 = new Map<string, Float64Array>();
  for (const [k, v] of values) if (v instanceof Float32Array) v64.set(k, Float64Array.from(v));
  const loss = (): number => ref(v64).reduce((s, y, i) => s + y * run.c[i]!, 0);
  const failures: string[] = [];
  const eps = 1e-5;
  for (const name of names) {
    const data = v64.get(name);
    const analytic = run.grads.get(name);
    if (!data || !analytic) {
      failures.push(`${name}: no value or no gradient`);
      continue;
    }
    for (let k = 0; k < data.length; k++) {
      const orig = data[k]!;
      data[k] = orig + eps;
      const lp = loss();
      data[k] = orig - eps;
      const lm = loss();
      data[k] = orig;
      const numeric = (lp - lm) / (2 * eps);
      if (Math.abs(numeric - analytic[k]!) > tol.atol + tol.rtol * Math.abs(numeric)) failures.push(`${name}[${k}]: analytic ${analytic[k]}, numeric ${numeric}`);
    }
  }
  return failures;
}
