/**
 * Bottleneck adapters (Houlsby et al. 2019; Pfeiffer et al. 2021), inserted in each selected block:
 *
 *   A(h) = h + W_up · relu(W_down h + b_down) + b_up,   W_down ∈ ℝ^{m×d}, W_up ∈ ℝ^{d×m} (W_up = 0 at init)
 *
 * pfeiffer: one adapter after the FFN; houlsby: one after attention and one after the FFN.
 * Trainable per adapter: 2dm + m + d. FLOPs per token per adapter: 4dm forward, 8dm backward.
 * Gradients enter the lowest selected block only for houlsby (its attention adapter sits below the FFN).
 */
import type { MethodDef } from './method-def.ts';
import { need } from './hparam-access.ts';

export const adapter: MethodDef = {
  kind: 'adapter',
  family: 'weight',
  formula: 'h + W_up·relu(W_down·h + b_down) + b_up',
  version: 1,
  hparams: ['adapterSize', 'adapterStyle', 'layers'],
  defaults: { adapterSize: 64, adapterStyle: 'pfeiffer' },
  countParams(h, arch) {
    const d = arch.hiddenSize;
    const m = need(h, 'adapterSize');
    const perBlock = need(h, 'adapterStyle') === 'houlsby' ? 2 : 1;
    const n = need(h, 'layers').length * perBlock * (2 * d * m + m + d);
    return { trainable: n, added: n };
  },
  cost(h, arch) {
    const d = arch.hiddenSize;
    const m = need(h, 'adapterSize');
    const layers = need(h, 'layers');
    const houlsby = need(h, 'adapterStyle') === 'houlsby';
    const adapters = layers.length * (houlsby ? 2 : 1);
    return {
      forwardPerToken: adapters * 4 * d * m,
      backwardPerToken: adapters * 8 * d * m,
      lowestGradLayer: Math.min(...layers) + (houlsby ? 0 : 1),
      baseWeightGradParams: 0,
      extraTokens: 0,
      perStepFlops: 0,
    };
  },
};
