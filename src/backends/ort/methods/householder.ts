/**
 * ReFT's rotation R as torch's orthogonal parametrization computes it (torch.nn.utils.
 * parametrizations.orthogonal, Householder map with trivialization — what pyreft and the torch
 * worker train), so that both engines let AdamW update the same tensor:
 *
 *   A = tril(X, −1)                     X ∈ ℝ^{d×r} is the trained tensor ("original")
 *   v_i = e_i + A[:, i],  τ_i = 2 / (1 + ‖A[:, i]‖²)   (so H_i = I − τ_i v_i v_iᵀ is a reflection)
 *   Q = H_1 H_2 ⋯ H_r I[:, :r] · diag(int(X_ii))       (torch.linalg.householder_product, signs of X's diagonal)
 *   Rᵀ = B Q                            B ∈ ℝ^{d×d} fixed orthogonal ("base")
 *
 * X's diagonal and upper triangle get no gradient (torch casts the diagonal with `.int()`), so
 * they keep their initial values (−1 and 0) as long as no weight decay touches X. Q has
 * orthonormal columns by construction, hence R has orthonormal rows at every step.
 * `householderRotation` is the same map on the host, in float64, for tests and checks.
 */
import type { Graph } from '../graph/graph.ts';
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';

/** [d, r] 0/1 masks: strictly lower triangle, and the diagonal (I[:, :r]). */
function masks(d: number, r: number): { lower: Float32Array; eye: Float32Array } {
  const lower = new Float32Array(d * r);
  const eye = new Float32Array(d * r);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < r; j++) {
      if (i > j) lower[i * r + j] = 1;
      if (i === j) eye[i * r + j] = 1;
    }
  }
  return { lower, eye };
}

/** int(x) (truncation toward zero) of a value known to lie in (−2, 2): 1, −1 or 0. */
function truncUnit(g: Graph, x: Tensor): Tensor {
  const one = op.scalarLike(g, x, 1);
  const minusOne = op.scalarLike(g, x, -1);
  const zero = op.scalarLike(g, x, 0);
  return op.where(g, op.less(g, x, one), op.where(g, op.greater(g, x, minusOne), zero, minusOne), one);
}

/** Q = householder_product(tril(X, −1), τ) · diag(int(X_ii)) for X [d, r] (d ≥ r): orthonormal columns. */
export function householderColumns(g: Graph, x: Tensor): Tensor {
  if (x.shape.length !== 2) throw new Error(`householderColumns: X must be 2-D, got [${x.shape}]`);
  const [d, r] = x.shape as [number, number];
  if (r > d) throw new Error(`householderColumns: ${r} columns cannot be orthonormal in ${d} dimensions`);
  const m = masks(d, r);
  const lower = g.constant(m.lower, 'float32', [d, r]);
  const eye = g.constant(m.eye, 'float32', [d, r]);
  const a = op.mul(g, x, lower);
  const v = op.add(g, a, eye);
  const tau = op.div(g, op.scalarLike(g, x, 2), op.add(g, op.scalarLike(g, x, 1), op.reduceSum(g, op.mul(g, a, a), [0], true))); // [1, r]
  // H_1 ⋯ H_r applied to I[:, :r] from the right end, as LAPACK's orgqr (torch's householder_product) does.
  let y: Tensor = eye;
  for (let i = r - 1; i >= 0; i--) {
    const vi = op.slice(g, v, 1, i, i + 1); // [d, 1]
    const ti = op.slice(g, tau, 1, i, i + 1); // [1, 1]
    const w = op.gemm(g, vi, y, true, false); // v_iᵀ Y  [1, r]
    y = op.sub(g, y, op.matmul(g, op.mul(g, vi, ti), w));
  }
  const diagonal = op.stopGradient(g, op.reduceSum(g, op.mul(g, x, eye), [0], true)); // [1, r]
  return op.mul(g, y, truncUnit(g, diagonal));
}

/** R [r, d] = (B · Q(X))ᵀ for X [d, r] (trained) and B [d, d] (fixed orthogonal). */
export function householderRotation(g: Graph, x: Tensor, base: Tensor): Tensor {
  const [d] = x.shape as [number, number];
  if (base.shape.length !== 2 || base.shape[0] !== d || base.shape[1] !== d) throw new Error(`householderRotation: base must be [${d}, ${d}], got [${base.shape}]`);
  return op.gemm(g, householderColumns(g, x), base, true, true); // Qᵀ Bᵀ
}

/** The same map on the host in float64: R [r, d] row-major from X [d, r] and B [d, d] (row-major). */
export function householderRotationHost(x: ArrayLike<number>, base: ArrayLike<number>, d: number, r: number): Float64Array {
  if (x.length !== d * r || base.length !== d * d) throw new Error(`householderRotationHost: expected X ${d}×${r} and B ${d}×${d}`);
  const y = new Float64Array(d * r); // row-major [d, r]
  for (let j = 0; j < r; j++) y[j * r + j] = 1;
  for (let i = r - 1; i >= 0; i--) {
    const v = new Float64Array(d);
    v[i] = 1;
    let norm2 = 0;
    for (let k = i + 1; k < d; k++) {
      v[k] = x[k * r + i]!;
      norm2 += v[k]! * v[k]!;
    }
    const tau = 2 / (1 + norm2);
    for (let j = 0; j < r; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += v[k]! * y[k * r + j]!;
      for (let k = 0; k < d; k++) y[k * r + j]! -= tau * v[k]! * dot;
    }
  }
  const out = new Float64Array(r * d);
  for (let j = 0; j < r; j++) {
    const s = Math.trunc(x[j * r + j]!);
    for (let row = 0; row < d; row++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += base[row * d + k]! * y[k * r + j]!;
      out[j * d + row] = sum * s;
    }
  }
  return out;
}
