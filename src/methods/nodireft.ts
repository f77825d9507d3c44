/**
 * NodiReFT — the ReFT paper's DiReFT: no orthonormality constraint, no projection term:
 *
 *   Φ(h) = h + W₂ᵀ act(W₁ h + b)
 *
 * W₁, W₂ ∈ ℝ^{r×d}, b ∈ ℝ^r. Trainable per intervention: 2dr + r.
 * FLOPs per intervened token: W₁h and W₂ᵀ(·) — 4dr forward, 8dr backward.
 */
import { reftMethod } from './reft-shared.ts';

export const nodireft = reftMethod({
  kind: 'nodireft',
  formula: 'h + W₂ᵀ act(W₁h + b)',
  version: 1,
  paramsPerIntervention: (d, r) => 2 * d * r + r,
  forwardFlops: (d, r) => 4 * d * r,
  orthonormal: false,
  backwardFlops: (d, r) => 8 * d * r,
});
