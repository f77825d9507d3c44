/**
 * RED — representation editing (Wu et al. 2024, the ReFT paper's strongest cheap baseline): a
 * learned scale and bias on the FFN output of each selected block:
 *
 *   h' = l ⊙ h + b,   l ∈ ℝ^d (initialised to 1), b ∈ ℝ^d (initialised to 0)
 *
 * Trainable per block: 2d. FLOPs per token per block: 2d forward, 4d backward. The edit sits at the
 * end of its block, so gradients do not enter that block's matmuls.
 */
import type { MethodDef } from './method-def.ts';
import { need } from './hparam-access.ts';

export const red: MethodDef = {
  kind: 'red',
  family: 'representation',
  formula: 'l ⊙ h + b on each FFN output',
  version: 1,
  hparams: ['layers'],
  defaults: {},
  countParams(h, arch) {
    const n = 2 * arch.hiddenSize * need(h, 'layers').length;
    return { trainable: n, added: n };
  },
  cost(h, arch) {
    const layers = need(h, 'layers');
    const d = arch.hiddenSize;
    return {
      forwardPerToken: 2 * d * layers.length,
      backwardPerToken: 4 * d * layers.length,
      lowestGradLayer: Math.min(...layers) + 1,
      baseWeightGradParams: 0,
      extraTokens: 0,
      perStepFlops: 0,
    };
  },
};
