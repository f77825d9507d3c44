/**
 * VeRA — vector-based random matrix adaptation (Kopiczko et al. 2024, peft VeRA), per adapted
 * linear layer W ∈ ℝ^{dout×din}:
 *
 *   y = W x + Λ_b B Λ_d A dropout(x),   Λ_b = diag(b), b ∈ ℝ^{dout} (0 at init), Λ_d = diag(d), d ∈ ℝ^r (0.1 at init)
 *
 * A ∈ ℝ^{r×din}, B ∈ ℝ^{dout×r} are frozen random projections shared by every adapted layer (peft
 * draws them once, sized for the largest layer, and slices); only the scaling vectors train.
 * Trainable per adapted matrix: dout + r.
 * FLOPs per token per adapted matrix: 2r·(din + dout) + r + dout forward, twice that backward.
 * Gradients reach down to the lowest adapted block.
 */
import type { MethodDef } from './method-def.ts';
import { need } from './hparam-access.ts';
import { adaptedParams, adapterCost, sumOverAdapted } from './adapted-matrices.ts';

export const vera: MethodDef = {
  kind: 'vera',
  family: 'weight',
  formula: 'Wx + diag(b)·B·diag(d)·A x, A and B frozen random',
  version: 1,
  hparams: ['rank', 'dropout', 'targets', 'layers'],
  defaults: { rank: 256, dropout: 0, targets: ['query', 'value'] },
  countParams(h, arch) {
    const r = need(h, 'rank');
    return adaptedParams(h, arch, (s) => s.dOut + r);
  },
  cost(h, arch) {
    const r = need(h, 'rank');
    const perToken = sumOverAdapted(h, arch, (s) => 2 * r * (s.dIn + s.dOut) + r + s.dOut);
    return adapterCost(h, perToken, 0);
  },
};
