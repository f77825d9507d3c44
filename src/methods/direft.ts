/**
 * DiReFT as pyreft's DireftIntervention implements it — the edit without the projection term, with
 * an orthonormal write-back:
 *
 *   Φ(h) = h + Rᵀ act(W h + b)
 *
 * R ∈ ℝ^{r×d} with orthonormal rows, W ∈ ℝ^{r×d}, b ∈ ℝ^r. Trainable per intervention: 2dr + r.
 * FLOPs per intervened token: W h and Rᵀ(·) — 4dr forward, 8dr backward.
 */
import { reftMethod } from './reft-shared.ts';

export const direft = reftMethod({
  kind: 'direft',
  formula: 'h + Rᵀ act(Wh + b), R orthonormal rows',
  // 2: R is trained through torch's Householder parametrization (X and a fixed base) instead of a retraction.
  version: 2,
  paramsPerIntervention: (d, r) => 2 * d * r + r,
  forwardFlops: (d, r) => 4 * d * r,
  orthonormal: true,
  backwardFlops: (d, r) => 8 * d * r,
});
