/**
 * Composite operators built only from primitives, so they need no gradient rule of their own:
 * log-softmax, cross-entropy, GELU (tanh form), SiLU, ReLU, RMS norm, linear layers in HF weight
 * layout, and scaled dot-product attention with an additive mask. Softmax, layer norm and exact GELU
 * are primitives of their own (one onnxruntime kernel each, see `types.ts`); they are re-exported here.
 */
import type { Graph } from './graph.ts';
import * as op from './ops.ts';
import type { Tensor } from './types.ts';

const c = (g: Graph, like: Tensor, v: number): Tensor => g.scalar(v, like.dtype);

/** Softmax over the last axis: the `Softmax` primitive (one kernel, max-subtracted for stability). */
export function softmax(g: Graph, x: Tensor): Tensor {
  return op.softmax(g, x);
}

/** log(softmax(x)) over the last axis. */
export function logSoftmax(g: Graph, x: Tensor): Tensor {
  const shifted = op.sub(g, x, op.stopGradient(g, op.reduceMax(g, x, [-1])));
  return op.sub(g, shifted, op.log(g, op.reduceSum(g, op.exp(g, shifted), [-1])));
}

/**
 * Mean cross-entropy of `logits` [N, C] against int64 `labels` [N], counting only rows where the
 * float `weight` [N] is 1 (0 masks a row out). Divides by max(Σ weight, 1).
 */
export function crossEntropy(g: Graph, logits: Tensor, labels: Tensor, weight: Tensor): Tensor {
  const [n, classes] = logits.shape as [number, number];
  const classIds = g.constant(BigInt64Array.from({ length: classes }, (_, i) => BigInt(i)), 'int64', [1, classes]);
  const oneHot = op.cast(g, op.equal(g, op.reshape(g, labels, [n, 1]), classIds), logits.dtype);
  const picked = op.reduceSum(g, op.mul(g, oneHot, logSoftmax(g, logits)), [1], false);
  const total = op.reduceSum(g, op.mul(g, picked, weight), [0], false);
  const count = op.max(g, op.reduceSum(g, weight, [0], false), c(g, weight, 1));
  return op.neg(g, op.div(g, total, count));
}

/** Mean squared error of `pred` [N] against `target` [N]. */
export function meanSquaredError(g: Graph, pred: Tensor, target: Tensor): Tensor {
  const d = op.sub(g, pred, target);
  return op.reduceMean(g, op.mul(g, d, d), [0], false);
}

/** GELU, exact form x/2 · (1 + erf(x/√2)): the `Gelu` primitive (float32; float64 has no Erf kernel). */
export function gelu(g: Graph, x: Tensor): Tensor {
  return op.gelu(g, x);
}

/** GELU, tanh approximation (HF `gelu_new`). */
export function geluTanh(g: Graph, x: Tensor): Tensor {
  const cube = op.mul(g, op.mul(g, x, x), x);
  const inner = op.mul(g, op.add(g, x, op.mul(g, cube, c(g, x, 0.044715))), c(g, x, Math.sqrt(2 / Math.PI)));
  return op.mul(g, op.mul(g, x, c(g, x, 0.5)), op.add(g, op.tanh(g, inner), c(g, x, 1)));
}

/** Logistic sigmoid through tanh (no overflow for large |x|). */
export function sigmoid(g: Graph, x: Tensor): Tensor {
  const t = op.tanh(g, op.mul(g, x, c(g, x, 0.5)));
  return op.mul(g, op.add(g, t, c(g, x, 1)), c(g, x, 0.5));
}

/** SiLU: x · sigmoid(x). */
export const silu = (g: Graph, x: Tensor): Tensor => op.mul(g, x, sigmoid(g, x));

export const relu = (g: Graph, x: Tensor): Tensor => op.max(g, x, c(g, x, 0));

/** Layer norm over the last axis with weight and bias (biased variance, as torch): the `LayerNorm` primitive. */
export function layerNorm(g: Graph, x: Tensor, weight: Tensor, bias: Tensor, eps: number): Tensor {
  const h = x.shape[x.shape.length - 1] as number;
  // The primitive takes weight and bias of shape [H]; scalars (or [1]) are broadcast to it first.
  const asRow = (t: Tensor): Tensor => (t.shape.length === 1 && t.shape[0] === h ? t : op.expand(g, t, [h]));
  return op.layerNorm(g, x, asRow(weight), asRow(bias), eps);
}

/** RMS norm over the last axis (LLaMA): x / √(mean(x²) + eps) · weight. */
export function rmsNorm(g: Graph, x: Tensor, weight: Tensor, eps: number): Tensor {
  const ms = op.reduceMean(g, op.mul(g, x, x), [-1]);
  return op.mul(g, op.div(g, x, op.sqrt(g, op.add(g, ms, c(g, x, eps)))), weight);
}

/**
 * x · Wᵀ (+ b) with W in HF layout [out, in]: leading axes of x are folded into rows and the
 * product is one Gemm reading W transposed in place (no Transpose node, also when W is fed).
 */
export function linear(g: Graph, x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  const inF = x.shape[x.shape.length - 1] as number;
  const outF = weight.shape[0] as number;
  const rows = x.shape.length === 2 ? x : op.reshape(g, x, [-1, inF]);
  let y = op.gemm(g, rows, weight, false, true);
  if (x.shape.length !== 2) y = op.reshape(g, y, [...x.shape.slice(0, -1), outF]);
  return bias ? op.add(g, y, bias) : y;
}

/**
 * softmax(q·kᵀ · scale + maskBias) · v for q, k, v of shape [B, H, S, Dh]; `maskBias` broadcasts
 * to [B, H, S, S] (0 where attending, a large negative number where masked).
 */
export function attention(g: Graph, q: Tensor, k: Tensor, v: Tensor, maskBias: Tensor, scale: number): Tensor {
  const scores = op.mul(g, op.matmul(g, q, op.transpose(g, k, [0, 1, 3, 2])), c(g, q, scale));
  return op.matmul(g, softmax(g, op.add(g, scores, maskBias)), v);
}
