/**
 * DoRA — weight-decomposed low-rank adaptation (peft use_dora), per targeted linear layer:
 *
 *   W' = m ⊙ (W + s·BA) / ‖W + s·BA‖_c,   y = W' x
 *
 * m ∈ ℝ^{dout} is the learned magnitude (initialised to the column norms of W), BA the LoRA update,
 * ‖·‖_c the per-output-row norm. Trainable per adapted matrix: r·(din + dout) + dout.
 * FLOPs: LoRA's per token plus the magnitude scaling (dout per token), and once per step the update
 * BA and its norm (2r·din·dout + 2·din·dout forward, twice that backward).
 */
import type { MethodDef } from './method-def.ts';
import { need } from './hparam-access.ts';
import { targetShapes } from './targets.ts';

export const dora: MethodDef = {
  kind: 'dora',
  family: 'weight',
  formula: 'm ⊙ (W + (α/r)·BA) / ‖W + (α/r)·BA‖_c',
  version: 1,
  hparams: ['rank', 'alpha', 'dropout', 'targets', 'rslora', 'layers'],
  defaults: { rank: 8, alpha: 16, dropout: 0, targets: ['query', 'value'], rslora: false },
  countParams(h, arch) {
    const r = need(h, 'rank');
    const perBlock = targetShapes(arch, need(h, 'targets')).reduce((sum, s) => sum + r * (s.dIn + s.dOut) + s.dOut, 0);
    const n = perBlock * need(h, 'layers').length;
    return { trainable: n, added: n };
  },
  cost(h, arch) {
    const r = need(h, 'rank');
    const layers = need(h, 'layers');
    const shapes = targetShapes(arch, need(h, 'targets'));
    const perToken = shapes.reduce((sum, s) => sum + 2 * r * (s.dIn + s.dOut) + s.dOut, 0);
    const perStep = shapes.reduce((sum, s) => sum + 2 * r * s.dIn * s.dOut + 2 * s.dIn * s.dOut, 0);
    return {
      forwardPerToken: perToken * layers.length,
      backwardPerToken: 2 * perToken * layers.length,
      lowestGradLayer: Math.min(...layers),
      baseWeightGradParams: 0,
      extraTokens: 0,
      perStepFlops: 3 * perStep * layers.length,
    };
  },
};
