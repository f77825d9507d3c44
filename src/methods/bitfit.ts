/**
 * BitFit — train only the bias terms of the base model (Ben Zaken et al. 2022):
 *
 *   y = W x + b,   W frozen, b trained (linear layers and LayerNorms)
 *
 * Trainable: every bias (none on bias-free models such as LLaMA, which the validator rejects).
 * FLOPs: no extra forward; a bias gradient is a sum over tokens (1 FLOP per bias per token); the
 * embedding LayerNorm bias is trained, so gradients run through every block.
 */
import type { MethodDef } from './method-def.ts';
import { blockBiasParams, embeddingBiasParams } from './arch-counts.ts';

export const bitfit: MethodDef = {
  kind: 'bitfit',
  family: 'weight',
  formula: 'Wx + b, only b trained',
  version: 1,
  hparams: [],
  defaults: {},
  countParams(_h, arch) {
    return { trainable: arch.numLayers * blockBiasParams(arch) + embeddingBiasParams(arch), added: 0 };
  },
  cost(_h, arch) {
    const blockBiases = arch.numLayers * blockBiasParams(arch);
    return {
      forwardPerToken: 0,
      backwardPerToken: blockBiases + embeddingBiasParams(arch),
      lowestGradLayer: 0,
      baseWeightGradParams: 0,
      extraTokens: 0,
      perStepFlops: 0,
    };
  },
};
