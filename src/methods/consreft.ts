/**
 * ConsReFT — constant-source ReFT (pyreft ConsreftIntervention): the subspace is pulled to a learned
 * constant instead of a function of h:
 *
 *   Φ(h) = h + Rᵀ(b − R h)
 *
 * R ∈ ℝ^{r×d} with orthonormal rows, b ∈ ℝ^r. Trainable per intervention: dr + r.
 * FLOPs per intervened token: R h and Rᵀ(·) — 4dr forward, 8dr backward.
 */
import { reftMethod } from './reft-shared.ts';

export const consreft = reftMethod({
  kind: 'consreft',
  formula: 'h + Rᵀ(b − Rh), R orthonormal rows',
  // 2: R is trained through torch's Householder parametrization (X and a fixed base) instead of a retraction.
  version: 2,
  paramsPerIntervention: (d, r) => d * r + r,
  forwardFlops: (d, r) => 4 * d * r,
  orthonormal: true,
  backwardFlops: (d, r) => 8 * d * r,
});
