/**
 * Prompt tuning — n learned virtual-token embeddings prepended to the input (Lester et al. 2021,
 * peft PromptTuning):
 *
 *   X' = [P; X],   P ∈ ℝ^{n×d} trained, the model frozen
 *
 * Trainable: n·d. FLOPs: no extra matmuls, but every sequence is n tokens longer, and gradients run
 * through every block down to the input.
 */
import type { MethodDef } from './method-def.ts';
import { need } from './hparam-access.ts';

export const prompt: MethodDef = {
  kind: 'prompt',
  family: 'input',
  formula: '[P; X], P ∈ ℝ^{n×d}',
  version: 1,
  hparams: ['promptTokens'],
  defaults: { promptTokens: 20 },
  countParams(h, arch) {
    const n = need(h, 'promptTokens') * arch.hiddenSize;
    return { trainable: n, added: n };
  },
  cost(h) {
    return {
      forwardPerToken: 0,
      backwardPerToken: 0,
      lowestGradLayer: 0,
      baseWeightGradParams: 0,
      extraTokens: need(h, 'promptTokens'),
      perStepFlops: 0,
    };
  },
};
