/**
 * RED (representation editing) on the `ort` engine: at each listed block the block output becomes
 *
 *   h' = l ⊙ h + b,   l ∈ ℝ^d (initialised to 1), b ∈ ℝ^d (initialised to 0),
 *
 * at every position — the torch worker's RedModule does the same with a forward hook on the block.
 * Parameters: `method.red.layer<l>.scale` and `.bias`.
 */
import type { ArchConfig } from '../../../models/arch.ts';
import type { ResolvedHparams } from '../../../types/run-spec.ts';
import { need } from '../../../methods/hparam-access.ts';
import * as op from '../graph/ops.ts';
import { isHeadBaseWeight } from './head-weights.ts';
import type { EngineMethod } from './method.ts';

export function redEngine(h: ResolvedHparams, arch: ArchConfig): EngineMethod {
  const layers = new Set(need(h, 'layers'));
  const d = arch.hiddenSize;
  return {
    kind: 'red',
    trainsBaseWeight: isHeadBaseWeight,
    trainsHead: true,
    hooks: {
      blockOutput(ctx, layer, hidden) {
        if (!layers.has(layer)) return hidden;
        const { g } = ctx;
        const scale = ctx.param(`red.layer${layer}.scale`, [d], new Float32Array(d).fill(1));
        const bias = ctx.param(`red.layer${layer}.bias`, [d], new Float32Array(d));
        return op.add(g, op.mul(g, hidden, scale), bias);
      },
    },
  };
}
