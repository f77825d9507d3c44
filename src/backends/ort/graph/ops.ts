/**
 * The primitive operators as typed builder functions with static shape inference. These are the
 * only functions that create nodes; each operator has one gradient rule in `grad-rules.ts`.
 * Axes are given non-negative or negative (counted from the end) and stored non-negative.
 */
import { broadcastShapes } from './broadcast.ts';
import type { Graph } from './graph.ts';
import { isFloat, type DType, type OpType, type Shape, type Tensor } from './types.ts';

function normAxis(axis: number, rank: number): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new Error(`axis ${axis} out of range for rank ${rank}`);
  return a;
}

function sameDtype(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new Error(`${op}: element types differ (${a.dtype} vs ${b.dtype})`);
}

function binary(g: Graph, op: OpType, a: Tensor, b: Tensor): Tensor {
  sameDtype(op, a, b);
  return g.addNode(op, [a, b], {}, a.dtype, broadcastShapes(a.shape, b.shape));
}

function unary(g: Graph, op: OpType, a: Tensor): Tensor {
  if (!isFloat(a.dtype)) throw new Error(`${op} needs a floating tensor, got ${a.dtype}`);
  return g.addNode(op, [a], {}, a.dtype, a.shape);
}

/** Matrix product with broadcast batch dimensions (both operands rank ≥ 2). */
export function matmul(g: Graph, a: Tensor, b: Tensor): Tensor {
  sameDtype('MatMul', a, b);
  if (a.shape.length < 2 || b.shape.length < 2) throw new Error('MatMul operands need rank ≥ 2');
  const [m, k] = a.shape.slice(-2) as [number, number];
  const [k2, n] = b.shape.slice(-2) as [number, number];
  if (k !== k2) throw new Error(`MatMul inner dimensions differ: [${a.shape}] × [${b.shape}]`);
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return g.addNode('MatMul', [a, b], {}, a.dtype, [...batch, m, n]);
}

/**
 * 2-D product with either operand transposed in place (ONNX Gemm without bias): op(A)·op(B).
 * The BLAS kernel reads the transposed layout directly, so no Transpose node is materialised.
 */
export function gemm(g: Graph, a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  sameDtype('Gemm', a, b);
  if (a.shape.length !== 2 || b.shape.length !== 2) throw new Error('Gemm operands must be 2-D');
  const [m, k] = transA ? [a.shape[1]!, a.shape[0]!] : [a.shape[0]!, a.shape[1]!];
  const [k2, n] = transB ? [b.shape[1]!, b.shape[0]!] : [b.shape[0]!, b.shape[1]!];
  if (k !== k2) throw new Error(`Gemm inner dimensions differ: [${a.shape}]${transA ? 'ᵀ' : ''} × [${b.shape}]${transB ? 'ᵀ' : ''}`);
  return g.addNode('Gemm', [a, b], { transA, transB }, a.dtype, [m, n]);
}

export const add = (g: Graph, a: Tensor, b: Tensor): Tensor => binary(g, 'Add', a, b);
export const sub = (g: Graph, a: Tensor, b: Tensor): Tensor => binary(g, 'Sub', a, b);
export const mul = (g: Graph, a: Tensor, b: Tensor): Tensor => binary(g, 'Mul', a, b);
export const div = (g: Graph, a: Tensor, b: Tensor): Tensor => binary(g, 'Div', a, b);
/** Elementwise maximum. */
export const max = (g: Graph, a: Tensor, b: Tensor): Tensor => binary(g, 'Max', a, b);
export const neg = (g: Graph, a: Tensor): Tensor => unary(g, 'Neg', a);
export const exp = (g: Graph, a: Tensor): Tensor => unary(g, 'Exp', a);
export const log = (g: Graph, a: Tensor): Tensor => unary(g, 'Log', a);
export const sqrt = (g: Graph, a: Tensor): Tensor => unary(g, 'Sqrt', a);
export const erf = (g: Graph, a: Tensor): Tensor => unary(g, 'Erf', a);
export const tanh = (g: Graph, a: Tensor): Tensor => unary(g, 'Tanh', a);

/** `a` raised to a constant power. */
export function pow(g: Graph, a: Tensor, exponent: number): Tensor {
  if (!isFloat(a.dtype)) throw new Error('Pow needs a floating tensor');
  return g.addNode('Pow', [a], { exponent }, a.dtype, a.shape);
}

function reduce(g: Graph, op: 'ReduceSum' | 'ReduceMean' | 'ReduceMax', a: Tensor, axes: readonly number[], keepdims: boolean): Tensor {
  const ax = [...new Set(axes.map((x) => normAxis(x, a.shape.length)))].sort((x, y) => x - y);
  const shape = keepdims ? a.shape.map((d, i) => (ax.includes(i) ? 1 : d)) : a.shape.filter((_, i) => !ax.includes(i));
  return g.addNode(op, [a], { axes: ax, keepdims }, a.dtype, shape);
}
export const reduceSum = (g: Graph, a: Tensor, axes: readonly number[], keepdims = true): Tensor => reduce(g, 'ReduceSum', a, axes, keepdims);
export const reduceMean = (g: Graph, a: Tensor, axes: readonly number[], keepdims = true): Tensor => reduce(g, 'ReduceMean', a, axes, keepdims);
export const reduceMax = (g: Graph, a: Tensor, axes: readonly number[], keepdims = true): Tensor => reduce(g, 'ReduceMax', a, axes, keepdims);

/** Reshape to a static shape; one dimension may be -1. */
export function reshape(g: Graph, a: Tensor, shape: readonly number[]): Tensor {
  const total = a.shape.reduce((x, y) => x * y, 1);
  const known = shape.filter((d) => d !== -1).reduce((x, y) => x * y, 1);
  const out = shape.map((d) => (d === -1 ? total / known : d));
  if (out.reduce((x, y) => x * y, 1) !== total || !out.every(Number.isInteger)) {
    throw new Error(`cannot reshape [${a.shape}] to [${shape}]`);
  }
  return g.addNode('Reshape', [a], {}, a.dtype, out);
}

export function transpose(g: Graph, a: Tensor, perm: readonly number[]): Tensor {
  if (perm.length !== a.shape.length || [...perm].sort().some((p, i) => p !== i)) throw new Error(`bad permutation [${perm}] for rank ${a.shape.length}`);
  return g.addNode('Transpose', [a], { perm }, a.dtype, perm.map((p) => a.shape[p] as number));
}

/** Static slice with step 1: `a[start:end]` along `axis`. */
export function slice(g: Graph, a: Tensor, axis: number, start: number, end: number): Tensor {
  const ax = normAxis(axis, a.shape.length);
  const dim = a.shape[ax] as number;
  if (start < 0 || end > dim || start > end) throw new Error(`slice [${start}, ${end}) out of range for dimension ${dim}`);
  const shape = a.shape.map((d, i) => (i === ax ? end - start : d));
  return g.addNode('Slice', [a], { axes: [ax], starts: [start], ends: [end] }, a.dtype, shape);
}

/** Zero padding: `before[i]` and `after[i]` zeros on each dimension i. */
export function pad(g: Graph, a: Tensor, before: readonly number[], after: readonly number[]): Tensor {
  if (before.length !== a.shape.length || after.length !== a.shape.length) throw new Error('pad needs one pair per dimension');
  const shape = a.shape.map((d, i) => d + (before[i] as number) + (after[i] as number));
  return g.addNode('Pad', [a], { padBefore: before, padAfter: after }, a.dtype, shape);
}

export function concat(g: Graph, parts: readonly Tensor[], axis: number): Tensor {
  const first = parts[0];
  if (!first) throw new Error('concat of nothing');
  const ax = normAxis(axis, first.shape.length);
  let size = 0;
  for (const p of parts) {
    sameDtype('Concat', first, p);
    if (p.shape.some((d, i) => i !== ax && d !== first.shape[i])) throw new Error(`concat shapes [${first.shape}] and [${p.shape}] differ off axis ${ax}`);
    size += p.shape[ax] as number;
  }
  return g.addNode('Concat', parts, { axis: ax }, first.dtype, first.shape.map((d, i) => (i === ax ? size : d)));
}

/** `data` indexed along `axis` by integer `indices` (ONNX Gather). */
export function gather(g: Graph, data: Tensor, indices: Tensor, axis = 0): Tensor {
  if (indices.dtype !== 'int64') throw new Error('Gather indices must be int64');
  const ax = normAxis(axis, data.shape.length);
  const shape = [...data.shape.slice(0, ax), ...indices.shape, ...data.shape.slice(ax + 1)];
  return g.addNode('Gather', [data, indices], { axis: ax }, data.dtype, shape);
}

/** A zero table of `rows` rows with `updates[i]` added to row `indices[i]` (the gradient of Gather). */
export function scatterAddRows(g: Graph, indices: Tensor, updates: Tensor, rows: number): Tensor {
  if (indices.shape.length !== 1 || updates.shape.length !== 2 || indices.shape[0] !== updates.shape[0]) {
    throw new Error(`ScatterAddRows wants indices [N] and updates [N, D], got [${indices.shape}] and [${updates.shape}]`);
  }
  return g.addNode('ScatterAddRows', [indices, updates], { rows }, updates.dtype, [rows, updates.shape[1] as number]);
}

export function where(g: Graph, cond: Tensor, a: Tensor, b: Tensor): Tensor {
  if (cond.dtype !== 'bool') throw new Error('Where condition must be bool');
  sameDtype('Where', a, b);
  return g.addNode('Where', [cond, a, b], {}, a.dtype, broadcastShapes(cond.shape, broadcastShapes(a.shape, b.shape)));
}

export function cast(g: Graph, a: Tensor, dtype: DType): Tensor {
  if (a.dtype === dtype) return a;
  return g.addNode('Cast', [a], {}, dtype, a.shape);
}

export function expand(g: Graph, a: Tensor, shape: readonly number[]): Tensor {
  return g.addNode('Expand', [a], {}, a.dtype, broadcastShapes(a.shape, shape));
}

function compare(g: Graph, op: 'Equal' | 'Less' | 'Greater', a: Tensor, b: Tensor): Tensor {
  sameDtype(op, a, b);
  return g.addNode(op, [a, b], {}, 'bool', broadcastShapes(a.shape, b.shape));
}
export const equal = (g: Graph, a: Tensor, b: Tensor): Tensor => compare(g, 'Equal', a, b);
export const less = (g: Graph, a: Tensor, b: Tensor): Tensor => compare(g, 'Less', a, b);
export const greater = (g: Graph, a: Tensor, b: Tensor): Tensor => compare(g, 'Greater', a, b);

/** The same value, but no gradient flows through it. */
export function stopGradient(g: Graph, a: Tensor): Tensor {
  return g.addNode('StopGradient', [a], {}, a.dtype, a.shape);
}

/** Softmax over the last axis (ONNX Softmax: one kernel, max-subtracted). */
export function softmax(g: Graph, a: Tensor): Tensor {
  if (!isFloat(a.dtype)) throw new Error('Softmax needs a floating tensor');
  if (a.shape.length < 1) throw new Error('Softmax needs rank ≥ 1');
  return g.addNode('Softmax', [a], { axis: a.shape.length - 1 }, a.dtype, a.shape);
}

/** GELU, exact form x·Φ(x) = x/2 · (1 + erf(x/√2)) (onnxruntime's com.microsoft Gelu kernel; float32 only). */
export const gelu = (g: Graph, a: Tensor): Tensor => unary(g, 'Gelu', a);

/**
 * Layer normalisation over the last axis, (x − mean) / √(var + ε) · weight + bias with the biased
 * variance (ONNX LayerNormalization); `weight` and `bias` have the shape of the last axis.
 */
export function layerNorm(g: Graph, x: Tensor, weight: Tensor, bias: Tensor, epsilon: number): Tensor {
  sameDtype('LayerNorm', x, weight);
  sameDtype('LayerNorm', x, bias);
  if (!isFloat(x.dtype) || x.shape.length < 1) throw new Error('LayerNorm needs a floating tensor of rank ≥ 1');
  const h = x.shape[x.shape.length - 1] as number;
  for (const t of [weight, bias]) {
    if (t.shape.length !== 1 || t.shape[0] !== h) throw new Error(`LayerNorm weight and bias must have shape [${h}], got [${t.shape}]`);
  }
  return g.addNode('LayerNorm', [x, weight, bias], { axis: x.shape.length - 1, epsilon }, x.dtype, x.shape);
}

/** Scalar constant of `like`'s element type. */
export function scalarLike(g: Graph, like: Tensor, value: number): Tensor {
  return g.scalar(value, like.dtype);
}

/** Inserts a size-1 axis (Reshape). */
export function unsqueeze(g: Graph, a: Tensor, axis: number): Tensor {
  const ax = axis < 0 ? axis + a.shape.length + 1 : axis;
  const shape = [...a.shape];
  shape.splice(ax, 0, 1);
  return reshape(g, a, shape);
}

export type { Shape };
