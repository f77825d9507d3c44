/**
 * Full fine-tuning — every base-model weight is trained:
 *
 *   θ ← θ − η · AdamW(∇θ L)   for all θ of the base model
 *
 * Trainable: all base-model parameters (embeddings included; nothing is added).
 * FLOPs: no extra forward; gradients run through every block and every non-embedding weight gets a
 * weight gradient (2 FLOPs per weight per token). Embedding gradients are a scatter, not counted.
 */
import type { MethodDef } from './method-def.ts';
import { baseModelParams, nonEmbeddingParams } from './arch-counts.ts';

export const full: MethodDef = {
  kind: 'full',
  family: 'weight',
  formula: 'all weights trained',
  version: 1,
  hparams: [],
  defaults: {},
  countParams(_h, arch) {
    return { trainable: baseModelParams(arch), added: 0 };
  },
  cost(_h, arch) {
    return {
      forwardPerToken: 0,
      backwardPerToken: 0,
      lowestGradLayer: 0,
      baseWeightGradParams: nonEmbeddingParams(arch),
      extraTokens: 0,
      perStepFlops: 0,
    };
  },
};
