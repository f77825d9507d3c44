/**
 * NoReFT — LoReFT without the orthonormality constraint (pyreft NoreftIntervention):
 *
 *   Φ(h) = h + W₂ᵀ(act(W₁ h + b) − W₂ h)
 *
 * W₁, W₂ ∈ ℝ^{r×d} unconstrained, b ∈ ℝ^r. Trainable per intervention: 2dr + r.
 * FLOPs per intervened token: W₁h, W₂h, W₂ᵀ(·) — 6dr forward, 12dr backward.
 */
import { reftMethod } from './reft-shared.ts';

export const noreft = reftMethod({
  kind: 'noreft',
  formula: 'h + W₂ᵀ(act(W₁h + b) − W₂h)',
  version: 1,
  paramsPerIntervention: (d, r) => 2 * d * r + r,
  forwardFlops: (d, r) => 6 * d * r,
  orthonormal: false,
  backwardFlops: (d, r) => 12 * d * r,
});
