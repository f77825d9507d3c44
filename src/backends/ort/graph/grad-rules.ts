/**
 * Every gradient rule, one row per primitive operator. A rule receives the node, the gradient of
 * its output (`dy`) and which inputs need a gradient, and returns one gradient per input
 * (undefined where none is needed or none exists). Broadcasting is undone with `reduceToShape`.
 * Because the table is a `Record<OpType, GradRule>`, adding an operator without a rule does not compile.
 */
import { reduceToShape } from './broadcast.ts';
import type { Graph } from './graph.ts';
import * as op from './ops.ts';
import type { Node, OpType, Tensor } from './types.ts';

export interface GradContext {
  g: Graph;
  node: Node;
  dy: Tensor;
  /** needs[i]: whether input i is on a path to a trainable input. */
  needs: readonly boolean[];
}

export type GradRule = (ctx: GradContext) => (Tensor | undefined)[];

function input(node: Node, i: number): Tensor {
  const t = node.inputs[i];
  if (!t) throw new Error(`${node.op} has no input ${i}`);
  return t;
}

/** Swaps the last two axes. */
function transposeLast2(g: Graph, t: Tensor): Tensor {
  const r = t.shape.length;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return op.transpose(g, t, perm);
}

/** Gradient of a keepdims=false reduction brought back to keepdims shape, then expanded. */
function expandReduced(g: Graph, node: Node, dy: Tensor): Tensor {
  const a = input(node, 0);
  const axes = node.attrs.axes ?? [];
  const keptShape = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const kept = node.attrs.keepdims ? dy : op.reshape(g, dy, keptShape);
  return op.expand(g, kept, a.shape);
}

const zeroLike = (g: Graph, t: Tensor): Tensor => g.scalar(0, t.dtype);

export const gradRules: Record<OpType, GradRule> = {
  MatMul: ({ g, node, dy, needs }) => {
    const a = input(node, 0);
    const b = input(node, 1);
    let da: Tensor | undefined;
    let db: Tensor | undefined;
    if (needs[0]) da = reduceToShape(g, op.matmul(g, dy, transposeLast2(g, b)), a.shape);
    if (needs[1]) {
      if (b.shape.length === 2 && a.shape.length > 2) {
        // Fold the batch axes into rows: one large product instead of a batched one plus a sum.
        const k = a.shape[a.shape.length - 1] as number;
        const n = b.shape[1] as number;
        const a2 = op.reshape(g, a, [-1, k]);
        const dy2 = op.reshape(g, dy, [-1, n]);
        db = op.gemm(g, a2, dy2, true, false);
      } else {
        db = reduceToShape(g, op.matmul(g, transposeLast2(g, a), dy), b.shape);
      }
    }
    return [da, db];
  },
  Gemm: ({ g, node, dy, needs }) => {
    // Y = op(A)·op(B); every gradient is again one Gemm with transpose flags, never a Transpose node.
    const a = input(node, 0);
    const b = input(node, 1);
    const tA = node.attrs.transA ?? false;
    const tB = node.attrs.transB ?? false;
    const da = needs[0] ? (tA ? op.gemm(g, b, dy, tB, true) : op.gemm(g, dy, b, false, !tB)) : undefined;
    const db = needs[1] ? (tB ? op.gemm(g, dy, a, true, tA) : op.gemm(g, a, dy, !tA, false)) : undefined;
    return [da, db];
  },
  Add: ({ g, node, dy, needs }) => [
    needs[0] ? reduceToShape(g, dy, input(node, 0).shape) : undefined,
    needs[1] ? reduceToShape(g, dy, input(node, 1).shape) : undefined,
  ],
  Sub: ({ g, node, dy, needs }) => [
    needs[0] ? reduceToShape(g, dy, input(node, 0).shape) : undefined,
    needs[1] ? reduceToShape(g, op.neg(g, dy), input(node, 1).shape) : undefined,
  ],
  Mul: ({ g, node, dy, needs }) => {
    const a = input(node, 0);
    const b = input(node, 1);
    return [
      needs[0] ? reduceToShape(g, op.mul(g, dy, b), a.shape) : undefined,
      needs[1] ? reduceToShape(g, op.mul(g, dy, a), b.shape) : undefined,
    ];
  },
  Div: ({ g, node, dy, needs }) => {
    const a = input(node, 0);
    const b = input(node, 1);
    return [
      needs[0] ? reduceToShape(g, op.div(g, dy, b), a.shape) : undefined,
      needs[1] ? reduceToShape(g, op.neg(g, op.div(g, op.mul(g, dy, node.output), b)), b.shape) : undefined,
    ];
  },
  Neg: ({ g, dy }) => [op.neg(g, dy)],
  Exp: ({ g, node, dy }) => [op.mul(g, dy, node.output)],
  Log: ({ g, node, dy }) => [op.div(g, dy, input(node, 0))],
  Sqrt: ({ g, node, dy }) => [op.mul(g, op.div(g, dy, node.output), g.scalar(0.5, dy.dtype))],
  Pow: ({ g, node, dy }) => {
    const p = node.attrs.exponent ?? 1;
    const a = input(node, 0);
    const slope = p === 2 ? op.mul(g, a, g.scalar(2, a.dtype)) : op.mul(g, op.pow(g, a, p - 1), g.scalar(p, a.dtype));
    return [op.mul(g, dy, slope)];
  },
  Erf: ({ g, node, dy }) => {
    const a = input(node, 0);
    const gauss = op.exp(g, op.neg(g, op.mul(g, a, a)));
    return [op.mul(g, dy, op.mul(g, gauss, g.scalar(2 / Math.sqrt(Math.PI), a.dtype)))];
  },
  Tanh: ({ g, node, dy }) => {
    const y = node.output;
    return [op.mul(g, dy, op.sub(g, g.scalar(1, y.dtype), op.mul(g, y, y)))];
  },
  Max: ({ g, node, dy, needs }) => {
    const a = input(node, 0);
    const b = input(node, 1);
    const aWins = op.greater(g, a, b);
    const z = zeroLike(g, dy);
    return [
      needs[0] ? reduceToShape(g, op.where(g, aWins, dy, z), a.shape) : undefined,
      needs[1] ? reduceToShape(g, op.where(g, aWins, z, dy), b.shape) : undefined,
    ];
  },
  ReduceSum: ({ g, node, dy }) => [expandReduced(g, node, dy)],
  ReduceMean: ({ g, node, dy }) => {
    const a = input(node, 0);
    const count = (node.attrs.axes ?? []).reduce((n, ax) => n * (a.shape[ax] as number), 1);
    return [op.mul(g, expandReduced(g, node, dy), g.scalar(1 / count, dy.dtype))];
  },
  ReduceMax: ({ g, node, dy }) => {
    const a = input(node, 0);
    const axes = node.attrs.axes ?? [];
    const keptShape = a.shape.map((d, i) => (axes.includes(i) ? 1 : d));
    const yk = node.attrs.keepdims ? node.output : op.reshape(g, node.output, keptShape);
    const dyk = node.attrs.keepdims ? dy : op.reshape(g, dy, keptShape);
    return [op.where(g, op.equal(g, a, yk), op.expand(g, dyk, a.shape), zeroLike(g, dy))];
  },
  Reshape: ({ g, node, dy }) => [op.reshape(g, dy, input(node, 0).shape)],
  Transpose: ({ g, node, dy }) => {
    const perm = node.attrs.perm ?? [];
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [op.transpose(g, dy, inverse)];
  },
  Slice: ({ g, node, dy }) => {
    const a = input(node, 0);
    const before = a.shape.map(() => 0);
    const after = a.shape.map(() => 0);
    (node.attrs.axes ?? []).forEach((ax, i) => {
      before[ax] = node.attrs.starts?.[i] ?? 0;
      after[ax] = (a.shape[ax] as number) - (node.attrs.ends?.[i] ?? 0);
    });
    return [op.pad(g, dy, before, after)];
  },
  Pad: ({ g, node, dy }) => {
    const a = input(node, 0);
    let r = dy;
    a.shape.forEach((d, ax) => {
      const b = node.attrs.padBefore?.[ax] ?? 0;
      if (b !== 0 || (node.attrs.padAfter?.[ax] ?? 0) !== 0) r = op.slice(g, r, ax, b, b + d);
    });
    return [r];
  },
  Concat: ({ g, node, dy, needs }) => {
    const axis = node.attrs.axis ?? 0;
    let start = 0;
    return node.inputs.map((p, i) => {
      const size = p.shape[axis] as number;
      const part = needs[i] ? op.slice(g, dy, axis, start, start + size) : undefined;
      start += size;
      return part;
    });
  },
  Gather: ({ g, node, dy, needs }) => {
    if (!needs[0]) return [undefined, undefined];
    const data = input(node, 0);
    if ((node.attrs.axis ?? 0) !== 0) throw new Error('the gradient of Gather is implemented for axis 0 only');
    const rows = data.shape[0] as number;
    const rest = data.shape.slice(1).reduce((a, b) => a * b, 1);
    const idx = op.reshape(g, input(node, 1), [-1]);
    const upd = op.reshape(g, dy, [idx.shape[0] as number, rest]);
    return [op.reshape(g, op.scatterAddRows(g, idx, upd, rows), data.shape), undefined];
  },
  ScatterAddRows: ({ g, node, dy, needs }) => [undefined, needs[1] ? op.gather(g, dy, input(node, 0), 0) : undefined],
  Where: ({ g, node, dy, needs }) => {
    const c = input(node, 0);
    const z = zeroLike(g, dy);
    return [
      undefined,
      needs[1] ? reduceToShape(g, op.where(g, c, dy, z), input(node, 1).shape) : undefined,
      needs[2] ? reduceToShape(g, op.where(g, c, z, dy), input(node, 2).shape) : undefined,
    ];
  },
  Cast: ({ g, node, dy }) => [op.cast(g, dy, input(node, 0).dtype)],
  Expand: ({ g, node, dy }) => [reduceToShape(g, dy, input(node, 0).shape)],
  Equal: () => [undefined, undefined],
  Less: () => [undefined, undefined],
  Greater: () => [undefined, undefined],
  StopGradient: () => [undefined],
  // y = softmax(x): dx = y · (dy − Σ dy·y) over the last axis; only the output is kept.
  Softmax: ({ g, node, dy }) => {
    const y = node.output;
    const dot = op.reduceSum(g, op.mul(g, dy, y), [-1]);
    return [op.mul(g, op.sub(g, dy, dot), y)];
  },
  // y = x·Φ(x): dx = dy · (Φ(x) + x·φ(x)), Φ(x) = (1 + erf(x/√2))/2, φ(x) = exp(−x²/2)/√(2π); x is kept.
  Gelu: ({ g, node, dy }) => {
    const x = input(node, 0);
    const k = (v: number): Tensor => g.scalar(v, x.dtype);
    const cdf = op.mul(g, op.add(g, op.erf(g, op.mul(g, x, k(Math.SQRT1_2))), k(1)), k(0.5));
    const density = op.mul(g, op.mul(g, x, k(1 / Math.sqrt(2 * Math.PI))), op.exp(g, op.mul(g, op.mul(g, x, x), k(-0.5))));
    return [op.mul(g, dy, op.add(g, cdf, density))];
  },
  // y = x̂·w + b with x̂ = (x − μ)·r, r = 1/√(var + ε): the statistics are recomputed from x (the
  // only tensor kept), then dx = r · (gx − mean(gx) − x̂ · mean(gx·x̂)) with gx = dy·w.
  LayerNorm: ({ g, node, dy, needs }) => {
    const x = input(node, 0);
    const w = input(node, 1);
    const b = input(node, 2);
    const eps = g.scalar(node.attrs.epsilon ?? 0, x.dtype);
    let stats: { xh: Tensor; r: Tensor } | undefined;
    const normalized = (): { xh: Tensor; r: Tensor } => {
      if (stats) return stats;
      const centered = op.sub(g, x, op.reduceMean(g, x, [-1]));
      const variance = op.reduceMean(g, op.mul(g, centered, centered), [-1]);
      const r = op.div(g, g.scalar(1, x.dtype), op.sqrt(g, op.add(g, variance, eps)));
      stats = { xh: op.mul(g, centered, r), r };
      return stats;
    };
    let dx: Tensor | undefined;
    if (needs[0]) {
      const { xh, r } = normalized();
      const gx = op.mul(g, dy, w);
      const meanG = op.reduceMean(g, gx, [-1]);
      const meanGx = op.reduceMean(g, op.mul(g, gx, xh), [-1]);
      dx = op.mul(g, op.sub(g, op.sub(g, gx, meanG), op.mul(g, xh, meanGx)), r);
    }
    const dw = needs[1] ? reduceToShape(g, op.mul(g, dy, normalized().xh), w.shape) : undefined;
    const db = needs[2] ? reduceToShape(g, dy, b.shape) : undefined;
    return [dx, dw, db];
  },
};
