/**
 * LoKr — low-rank Kronecker-product update (LyCORIS, peft LoKr with its defaults: decompose_factor
 * −1, W1 kept whole), per adapted linear layer W ∈ ℝ^{dout×din}:
 *
 *   y = W x + ΔW x,   ΔW = (α/r) · W1 ⊗ W2,   W1 ∈ ℝ^{a×c},  W2 = W2a W2b ∈ ℝ^{b×e}  (or whole)
 *
 * with dout = a·b and din = c·e split by peft's factorization (the divisor pair nearest the square
 * root, smaller first). W2 is low rank (W2a ∈ ℝ^{b×r}, W2b ∈ ℝ^{r×e}) when r < max(b, e)/2, else a
 * whole b×e matrix. Trainable per adapted matrix: a·c + (r·(b + e) or b·e).
 * FLOPs: peft materialises ΔW, so per token 2·din·dout forward and 4·din·dout backward; once per
 * step W2's product (2r·b·e) and the Kronecker product (din·dout), twice that backward.
 */
import type { MethodDef } from './method-def.ts';
import type { LinearShape } from './arch-counts.ts';
import { need } from './hparam-access.ts';
import { adaptedParams, adapterCost, sumOverAdapted } from './adapted-matrices.ts';

/**
 * peft's `factorization(dimension, -1)`: starting from 1 × dimension, step to the next divisor pair
 * while the smaller factor stays below the larger; returns [smaller, larger].
 */
export function lokrFactorization(dimension: number): [number, number] {
  let m = 1;
  let n = dimension;
  while (m < n) {
    let next = m + 1;
    while (dimension % next !== 0) next++;
    m = next;
    n = dimension / next;
  }
  return m > n ? [n, m] : [m, n];
}

/** The LoKr factor shapes of one adapted matrix: W1 [a, c] and W2 [b, e], and whether W2 is low rank. */
export function lokrShapes(s: LinearShape, r: number): { w1: [number, number]; w2: [number, number]; lowRank: boolean } {
  const [a, b] = lokrFactorization(s.dOut);
  const [c, e] = lokrFactorization(s.dIn);
  return { w1: [a, c], w2: [b, e], lowRank: r < Math.max(b, e) / 2 };
}

function paramsOf(s: LinearShape, r: number): number {
  const { w1, w2, lowRank } = lokrShapes(s, r);
  return w1[0] * w1[1] + (lowRank ? r * (w2[0] + w2[1]) : w2[0] * w2[1]);
}

export const lokr: MethodDef = {
  kind: 'lokr',
  family: 'weight',
  formula: 'Wx + (α/r)·(W1 ⊗ W2a W2b) x',
  version: 1,
  hparams: ['rank', 'alpha', 'targets', 'layers'],
  defaults: { rank: 8, alpha: 8, targets: ['query', 'value'] },
  countParams(h, arch) {
    const r = need(h, 'rank');
    return adaptedParams(h, arch, (s) => paramsOf(s, r));
  },
  cost(h, arch) {
    const r = need(h, 'rank');
    const perToken = sumOverAdapted(h, arch, (s) => 2 * s.dIn * s.dOut);
    const perStep = sumOverAdapted(h, arch, (s) => {
      const { w2, lowRank } = lokrShapes(s, r);
      return s.dIn * s.dOut + (lowRank ? 2 * r * w2[0] * w2[1] : 0);
    });
    return adapterCost(h, perToken, perStep);
  },
};
