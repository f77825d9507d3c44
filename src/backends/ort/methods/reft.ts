/**
 * The ReFT family on the `ort` engine: at every listed layer the residual stream after the block
 * (the block output) is intervened on at the selected positions of each example,
 *
 *   h' = h + Σ_groups sel_g ⊙ (dropout(Φ_g(h)) − h),
 *
 * where a group is one intervention (tied: one per layer for first and last positions; untied
 * f<n>+l<n>: one for the first and one for the last positions) and sel_g its 0/1 position mask
 * (reft-positions.ts). Dropout is applied to the intervened output Φ(h), as pyreft does. For the
 * orthonormal kinds R is torch's orthogonal parametrization (Householder map with a fixed base,
 * householder.ts), exactly as pyreft and the torch worker train it: AdamW updates X, R = (B·H(X))ᵀ
 * has orthonormal rows by construction, and no retraction is needed.
 * No base weight is trained; since interventions sit on block outputs, the autodiff's pruning
 * leaves every block at or below the lowest intervened layer out of the backward graph.
 *
 * Names, group 0 = tied or first positions, 1 = last positions (untied):
 * trained `method.reft.layer<l>.<group>.{rotate.original, source.weight, source.bias, bias}`
 * (`rotate` [r, d] instead of `rotate.original` for noreft/nodireft's W₂), and the fixed buffer
 * `method.reft.layer<l>.<group>.rotate.base` [d, d] (Engine.buffer).
 */
import type { ArchConfig } from '../../../models/arch.ts';
import type { ResolvedHparams } from '../../../types/run-spec.ts';
import { need } from '../../../methods/hparam-access.ts';
import { interventionsPerLayer, parsePositions } from '../../../methods/positions.ts';
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';
import { isHeadBaseWeight } from './head-weights.ts';
import type { BuildContext, EngineMethod } from './method.ts';
import { householderRotation } from './householder.ts';
import { positionMasks } from './reft-positions.ts';
import { DROPOUT_FREE_KINDS, reftEdit, reftParamInits, type ReftInit, type ReftKind, type ReftTensors } from './reft-interventions.ts';

export function reftEngine(kind: ReftKind, h: ResolvedHparams, arch: ArchConfig): EngineMethod {
  const d = arch.hiddenSize;
  const r = need(h, 'rank');
  const layers = new Set(need(h, 'layers'));
  const text = need(h, 'positions');
  const spec = parsePositions(text);
  if (spec === undefined) throw new Error(`internal: positions "${text}" were not validated`);
  const groups = interventionsPerLayer(spec, need(h, 'tied'));
  const act = need(h, 'act');
  const dropout = DROPOUT_FREE_KINDS.has(kind) ? 0 : need(h, 'dropout');
  // Initial values are drawn once per intervention and shared by the training and eval graphs
  // (the orthogonal base costs O(d³) to draw).
  const inits = new Map<string, ReftInit[]>();

  function intervention(ctx: BuildContext, layer: number, group: number): ReftTensors {
    const prefix = `reft.layer${layer}.${group}`;
    let values = inits.get(prefix);
    if (values === undefined) {
      values = reftParamInits(kind, d, r, ctx.initRng(prefix));
      inits.set(prefix, values);
    }
    const t = new Map<string, Tensor>();
    for (const p of values) {
      const name = `${prefix}.${p.name}`;
      // Each graph gets its own copy: the engine owns (and updates) the values it is handed.
      t.set(p.name, p.role === 'buffer' ? ctx.buffer(name, p.shape, p.init.slice()) : ctx.param(name, p.shape, p.init.slice(), { decay: p.decay }));
    }
    const original = t.get('rotate.original');
    const rotate = original ? householderRotation(ctx.g, original, t.get('rotate.base')!) : t.get('rotate')!;
    const weight = t.get('source.weight');
    return { rotate, bias: t.get('source.bias') ?? t.get('bias')!, ...(weight ? { weight } : {}) };
  }

  return {
    kind,
    trainsBaseWeight: isHeadBaseWeight,
    trainsHead: true,
    hooks: {
      blockOutput(ctx, layer, hidden) {
        if (!layers.has(layer)) return hidden;
        const { g } = ctx;
        const masks = positionMasks(ctx, spec);
        // Tied (or one-sided) positions form one group; untied first and last get their own.
        const selections = groups === 1 ? [op.add(g, masks.first, masks.last)] : [masks.first, masks.last];
        let out = hidden;
        selections.forEach((sel, gi) => {
          const phi = ctx.dropout(`reft.layer${layer}.${gi}`, reftEdit(g, kind, act, hidden, intervention(ctx, layer, gi)), dropout);
          out = op.add(g, out, op.mul(g, sel, op.sub(g, phi, hidden)));
        });
        return out;
      },
    },
  };
}
