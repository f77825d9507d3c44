/**
 * LoHa — low-rank Hadamard-product update (FedPara; LyCORIS, peft LoHa), per adapted linear layer
 * W ∈ ℝ^{dout×din}:
 *
 *   y = W x + ΔW x,   ΔW = (α/r) · (W1a W1b) ⊙ (W2a W2b),   W1a, W2a ∈ ℝ^{dout×r}, W1b, W2b ∈ ℝ^{r×din}
 *
 * (peft starts W1a at 0, so ΔW = 0 at init). Trainable per adapted matrix: 2r·(din + dout).
 * FLOPs: peft materialises ΔW and multiplies the input by it, so per token 2·din·dout forward and
 * 4·din·dout backward (input and ΔW gradients); once per step the two rank-r products and their
 * Hadamard product, (4r + 2)·din·dout forward and twice that backward. Gradients reach down to the
 * lowest adapted block.
 */
import type { MethodDef } from './method-def.ts';
import { need } from './hparam-access.ts';
import { adaptedParams, adapterCost, sumOverAdapted } from './adapted-matrices.ts';

export const loha: MethodDef = {
  kind: 'loha',
  family: 'weight',
  formula: 'Wx + (α/r)·((W1a W1b) ⊙ (W2a W2b)) x',
  version: 1,
  hparams: ['rank', 'alpha', 'targets', 'layers'],
  defaults: { rank: 8, alpha: 8, targets: ['query', 'value'] },
  countParams(h, arch) {
    const r = need(h, 'rank');
    return adaptedParams(h, arch, (s) => 2 * r * (s.dIn + s.dOut));
  },
  cost(h, arch) {
    const r = need(h, 'rank');
    const perToken = sumOverAdapted(h, arch, (s) => 2 * s.dIn * s.dOut);
    const perStep = sumOverAdapted(h, arch, (s) => (4 * r + 2) * s.dIn * s.dOut);
    return adapterCost(h, perToken, perStep);
  },
};
