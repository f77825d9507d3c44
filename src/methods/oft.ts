/**
 * OFT — orthogonal fine-tuning (Qiu et al. 2023; peft OFT as of 0.21, Cayley–Neumann form), per
 * adapted linear layer W ∈ ℝ^{dout×din}:
 *
 *   y = W (R x),   R = blockdiag(R_1 … R_k),   R_i ≈ (I + Q_i)(I − Q_i)^{-1},  Q_i = −Q_iᵀ ∈ ℝ^{b×b}
 *
 * `rank` is peft's r, the number of blocks k; the block size is b = din / k, with k moved to the
 * nearest divisor of din when it does not divide it (peft's adjustment). Each Q_i is stored as its
 * strict upper triangle; R_i is peft's 5-term Neumann series I + 2Q + 2Q² + 2Q³ + Q⁴ (Q = 0 at init,
 * so R = I). Trainable per adapted matrix: k · b(b − 1)/2.
 * FLOPs: per token the block-diagonal rotation of the input, 2·din·b forward and twice that
 * backward; once per step three b×b products per block (6·din·b²) forward, twice that backward.
 * Gradients reach down to the lowest adapted block.
 */
import type { MethodDef } from './method-def.ts';
import { need } from './hparam-access.ts';
import { adaptedParams, adapterCost, sumOverAdapted } from './adapted-matrices.ts';

/**
 * peft's `adjust_oft_parameters(in_features, r)`: r itself when it divides din, else the nearer of
 * the divisors just below and just above it (the lower on a tie; din when r ≥ din).
 */
export function oftBlocks(dIn: number, r: number): number {
  if (dIn % r === 0 && r <= dIn) return r;
  if (r >= dIn) return dIn;
  let higher = r;
  while (higher <= dIn && dIn % higher !== 0) higher++;
  let lower = r;
  while (lower > 1 && dIn % lower !== 0) lower--;
  return r - lower <= higher - r ? lower : higher;
}

/** Blocks k and block size b of one adapted matrix. */
export function oftShape(dIn: number, r: number): { blocks: number; blockSize: number } {
  const blocks = oftBlocks(dIn, r);
  return { blocks, blockSize: dIn / blocks };
}

export const oft: MethodDef = {
  kind: 'oft',
  family: 'weight',
  formula: 'W·(blockdiag(R_1…R_k) x), R_i Cayley(Q_i), Q_i skew',
  version: 1,
  hparams: ['rank', 'targets', 'layers'],
  defaults: { rank: 8, targets: ['query', 'value'] },
  countParams(h, arch) {
    const r = need(h, 'rank');
    return adaptedParams(h, arch, (s) => {
      const { blocks, blockSize } = oftShape(s.dIn, r);
      return (blocks * blockSize * (blockSize - 1)) / 2;
    });
  },
  cost(h, arch) {
    const r = need(h, 'rank');
    const perToken = sumOverAdapted(h, arch, (s) => 2 * s.dIn * oftShape(s.dIn, r).blockSize);
    const perStep = sumOverAdapted(h, arch, (s) => 6 * s.dIn * oftShape(s.dIn, r).blockSize ** 2);
    return adapterCost(h, perToken, perStep);
  },
};
