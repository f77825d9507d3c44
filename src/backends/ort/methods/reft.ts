/**
 * The ReFT family on the `ort` engine: at every listed layer the residual stream after the block
 * (the block output) is intervened on at the selected positions of each example,
 *
 *   h' = h + Σ_groups sel_g ⊙ (dropout(Φ_g(h)) − h),
 *
 * where a group is one intervention (tied: one per layer for first and last positions; untied
 * f<n>+l<n>: one for the first and one for the last positions) and sel_g its 0/1 position mask
 * (reft-positions.ts). Dropout is applied to the intervened output Φ(h), as pyreft does. R is kept
 * at orthonormal rows by a QR retraction after every optimizer step (`afterStep`, orthonormal.ts).
 * No base weight is trained; since interventions sit on block outputs, the autodiff's pruning
 * leaves every block at or below the lowest intervened layer out of the backward graph.
 *
 * Parameter names: `method.reft.layer<l>.<group>.{rotate, source.weight, source.bias, bias}`,
 * group 0 = tied or first positions, 1 = last positions (untied).
 */
import type { ArchConfig } from '../../../models/arch.ts';
import type { ResolvedHparams } from '../../../types/run-spec.ts';
import { need } from '../../../methods/hparam-access.ts';
import { interventionsPerLayer, parsePositions } from '../../../methods/positions.ts';
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';
import { isHeadBaseWeight } from './head-weights.ts';
import type { BuildContext, EngineMethod } from './method.ts';
import { orthonormalizeRows } from './orthonormal.ts';
import { positionMasks } from './reft-positions.ts';
import { DROPOUT_FREE_KINDS, ORTHONORMAL_KINDS, reftEdit, reftParamInits, type ReftKind, type ReftTensors } from './reft-interventions.ts';

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
  const rotations: string[] = [];
  for (const l of layers) for (let gi = 0; gi < groups; gi++) rotations.push(`method.reft.layer${l}.${gi}.rotate`);

  function intervention(ctx: BuildContext, layer: number, group: number): ReftTensors {
    const prefix = `reft.layer${layer}.${group}`;
    const rng = ctx.initRng(prefix);
    const t = new Map<string, Tensor>();
    for (const p of reftParamInits(kind, d, r, rng)) t.set(p.name, ctx.param(`${prefix}.${p.name}`, p.shape, p.init));
    const weight = t.get('source.weight');
    return { rotate: t.get('rotate')!, bias: t.get('source.bias') ?? t.get('bias')!, ...(weight ? { weight } : {}) };
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
    ...(ORTHONORMAL_KINDS.has(kind)
      ? {
          afterStep(params: ReadonlyMap<string, { readonly value: Float32Array }>) {
            for (const name of rotations) {
              const p = params.get(name);
              if (!p) throw new Error(`internal: ReFT rotation ${name} is not a trainable parameter`);
              orthonormalizeRows(p.value, r, d);
            }
          },
        }
      : {}),
  };
}
