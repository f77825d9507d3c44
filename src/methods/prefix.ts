/**
 * Prefix tuning (Li & Liang 2021, peft PrefixTuning without the reparametrizing MLP): n learned
 * key and value vectors prepended in every attention layer, the model frozen:
 *
 *   Attn_l(X) = softmax(Q [P_k,l; K]ᵀ / √d_h) [P_v,l; V],   P_k,l, P_v,l ∈ ℝ^{n×d_kv}
 *
 * d_kv is the key/value width (numKvHeads · head size under grouped-query attention, as peft sizes
 * it). Trainable: n · layers · 2 · d_kv (peft's prefix embedding table), always every layer.
 * FLOPs per token per layer: attention against the n prefix keys, 2nd for the scores and 2nd for
 * the weighted values (4nd forward, twice that backward; the base model's own attention scores are
 * not in the FLOPs model). Gradients reach every block (layer 0's prefix is trained).
 */
import type { MethodDef } from './method-def.ts';
import { need } from './hparam-access.ts';
import { kvWidth } from './arch-counts.ts';

export const prefix: MethodDef = {
  kind: 'prefix',
  family: 'input',
  formula: 'Attn(Q, [P_k; K], [P_v; V]) in every layer, P ∈ ℝ^{n×d_kv}',
  version: 1,
  hparams: ['promptTokens'],
  defaults: { promptTokens: 20 },
  countParams(h, arch) {
    const n = need(h, 'promptTokens') * arch.numLayers * 2 * kvWidth(arch);
    return { trainable: n, added: n };
  },
  cost(h, arch) {
    const perLayer = 4 * need(h, 'promptTokens') * arch.hiddenSize;
    return {
      forwardPerToken: arch.numLayers * perLayer,
      backwardPerToken: 2 * arch.numLayers * perLayer,
      lowestGradLayer: 0,
      baseWeightGradParams: 0,
      extraTokens: 0,
      perStepFlops: 0,
    };
  },
};
