/**
 * LoReFT — low-rank linear subspace ReFT (pyreft LoreftIntervention):
 *
 *   Φ(h) = h + Rᵀ(act(W h + b) − R h)
 *
 * R ∈ ℝ^{r×d} with orthonormal rows, W ∈ ℝ^{r×d}, b ∈ ℝ^r; act defaults to identity and dropout is
 * applied to the intervened output. Trainable per intervention: 2dr + r.
 * FLOPs per intervened token: R h, W h and Rᵀ(·) — 6dr forward, twice that backward.
 */
import { reftMethod } from './reft-shared.ts';

export const loreft = reftMethod({
  kind: 'loreft',
  formula: 'h + Rᵀ(act(Wh + b) − Rh), R orthonormal rows',
  // 2: R is trained through torch's Householder parametrization (X and a fixed base) instead of a retraction.
  version: 2,
  paramsPerIntervention: (d, r) => 2 * d * r + r,
  forwardFlops: (d, r) => 6 * d * r,
  orthonormal: true,
  backwardFlops: (d, r) => 12 * d * r,
});
