/**
 * LoBiReFT — low-rank bias ReFT (pyreft LobireftIntervention): a learned bias written back through
 * the orthonormal subspace, independent of h:
 *
 *   Φ(h) = h + Rᵀ b
 *
 * R ∈ ℝ^{r×d} with orthonormal rows, b ∈ ℝ^r. Trainable per intervention: dr + r.
 * FLOPs per intervened token: Rᵀ b — 2dr forward, 4dr backward (gradients of R and b).
 */
import { reftMethod } from './reft-shared.ts';

export const lobireft = reftMethod({
  kind: 'lobireft',
  formula: 'h + Rᵀb, R orthonormal rows',
  // 2: R is trained through torch's Householder parametrization (X and a fixed base) instead of a retraction.
  version: 2,
  paramsPerIntervention: (d, r) => d * r + r,
  forwardFlops: (d, r) => 2 * d * r,
  orthonormal: true,
  backwardFlops: (d, r) => 4 * d * r,
});
