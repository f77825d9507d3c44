/**
 * LoRA — low-rank weight update (peft LoraLayer), on each targeted linear layer W ∈ ℝ^{dout×din}:
 *
 *   y = W x + s · B A x,   A ∈ ℝ^{r×din}, B ∈ ℝ^{dout×r} (B = 0 at init), s = α/r (rsLoRA: α/√r)
 *
 * dropout applies to x on the LoRA branch. Trainable per adapted matrix: r·(din + dout).
 * FLOPs per token per adapted matrix: 2r(din + dout) forward, twice that backward. Gradients reach
 * down to the lowest adapted block.
 */
import type { MethodDef } from './method-def.ts';
import { need } from './hparam-access.ts';
import { targetShapes } from './targets.ts';

export const lora: MethodDef = {
  kind: 'lora',
  family: 'weight',
  formula: 'Wx + (α/r)·BAx, B = 0 at init',
  version: 1,
  hparams: ['rank', 'alpha', 'dropout', 'targets', 'rslora', 'layers'],
  defaults: { rank: 8, alpha: 16, dropout: 0, targets: ['query', 'value'], rslora: false },
  countParams(h, arch) {
    const r = need(h, 'rank');
    const perBlock = targetShapes(arch, need(h, 'targets')).reduce((sum, s) => sum + r * (s.dIn + s.dOut), 0);
    const n = perBlock * need(h, 'layers').length;
    return { trainable: n, added: n };
  },
  cost(h, arch) {
    const r = need(h, 'rank');
    const layers = need(h, 'layers');
    const perBlock = targetShapes(arch, need(h, 'targets')).reduce((sum, s) => sum + 2 * r * (s.dIn + s.dOut), 0);
    return {
      forwardPerToken: perBlock * layers.length,
      backwardPerToken: 2 * perBlock * layers.length,
      lowestGradLayer: Math.min(...layers),
      baseWeightGradParams: 0,
      extraTokens: 0,
      perStepFlops: 0,
    };
  },
};
