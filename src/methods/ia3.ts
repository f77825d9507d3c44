/**
 * (IA)³ — learned rescaling of inner activations (Liu et al. 2022, peft IA3):
 *
 *   k' = l_k ⊙ k,  v' = l_v ⊙ v,  FFN: W_down (l_ff ⊙ a)   (l initialised to 1)
 *
 * Attention targets scale their output (dout entries); `down` scales its input, the FFN activations
 * (din entries), as peft does for feed-forward modules. Trainable per block: Σ those widths.
 * FLOPs per token: one multiply per scaled entry forward, two backward.
 */
import type { MethodDef } from './method-def.ts';
import type { ArchConfig } from '../models/arch.ts';
import type { ResolvedHparams } from './method-def.ts';
import { need } from './hparam-access.ts';
import { linearShape } from './arch-counts.ts';

function scaledPerBlock(h: ResolvedHparams, arch: ArchConfig): number {
  return need(h, 'targets').reduce((sum, t) => {
    const s = linearShape(arch, t);
    if (s === undefined) throw new Error(`internal: target "${t}" was not validated for ${arch.modelType}`);
    return sum + (t === 'down' ? s.dIn : s.dOut);
  }, 0);
}

export const ia3: MethodDef = {
  kind: 'ia3',
  family: 'weight',
  formula: 'l_k ⊙ k, l_v ⊙ v, W_down(l_ff ⊙ a)',
  version: 1,
  hparams: ['targets', 'layers'],
  defaults: { targets: ['key', 'value', 'down'] },
  countParams(h, arch) {
    const n = scaledPerBlock(h, arch) * need(h, 'layers').length;
    return { trainable: n, added: n };
  },
  cost(h, arch) {
    const layers = need(h, 'layers');
    const n = scaledPerBlock(h, arch) * layers.length;
    return {
      forwardPerToken: n,
      backwardPerToken: 2 * n,
      lowestGradLayer: Math.min(...layers),
      baseWeightGradParams: 0,
      extraTokens: 0,
      perStepFlops: 0,
    };
  },
};
