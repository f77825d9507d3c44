/**
 * What the six ReFT-family kinds share: they intervene on the residual stream after the listed
 * blocks, at the listed positions, with one intervention per layer (tied) or one for the first and
 * one for the last positions (untied). Each kind's own file gives its formula, its parameters per
 * intervention and its FLOPs per intervened token; this file turns those into a MethodDef.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { MethodDef, MethodKind, ResolvedHparams } from './method-def.ts';
import { need } from './hparam-access.ts';
import { interventionsPerLayer, intervenedPositions, parsePositions, type PositionSpec } from './positions.ts';

/** The part of a ReFT kind that differs from its siblings (d = hidden size, r = rank). */
export interface ReftKindSpec {
  kind: MethodKind;
  formula: string;
  version: number;
  /** Trainable parameters of one intervention. */
  paramsPerIntervention(d: number, r: number): number;
  /** FLOPs of one intervention on one token, forward. */
  forwardFlops(d: number, r: number): number;
  /** FLOPs of one intervention on one token, backward (input and parameter gradients). */
  backwardFlops(d: number, r: number): number;
  /** R is torch's orthogonal (Householder) parametrization, recomputed once per optimizer step. */
  orthonormal: boolean;
}

/**
 * FLOPs of recomputing one R = (B·H(X))ᵀ per step (src/backends/ort/methods/householder.ts, torch's
 * orthogonal parametrization): forward r rank-one Householder updates of a d×r matrix (4dr² in
 * all) and B·Q (2d²r); backward twice the Householder part (8dr²) and Bᵀ·dR (2d²r; B is fixed).
 */
export function orthogonalParametrizationFlops(d: number, r: number): number {
  return 4 * d * d * r + 12 * d * r * r;
}

/** Hyperparameters every ReFT kind takes. */
export const reftHparams = ['rank', 'layers', 'positions', 'tied', 'dropout', 'act'] as const;

/** Defaults when a suite leaves them unset (layers default to every block). */
export const reftDefaults: ResolvedHparams = { rank: 4, positions: 'l1', tied: false, dropout: 0, act: 'identity' };

function positionsOf(h: ResolvedHparams): PositionSpec {
  const text = need(h, 'positions');
  const parsed = parsePositions(text);
  if (parsed === undefined) throw new Error(`internal: positions "${text}" were not validated`);
  return parsed;
}

/** Number of interventions a configuration creates (layers × 1 or 2). */
export function interventionCount(h: ResolvedHparams): number {
  return need(h, 'layers').length * interventionsPerLayer(positionsOf(h), need(h, 'tied'));
}

export function reftMethod(spec: ReftKindSpec): MethodDef {
  return {
    kind: spec.kind,
    family: 'representation',
    formula: spec.formula,
    version: spec.version,
    hparams: reftHparams,
    defaults: reftDefaults,
    maxRank: (arch) => arch.hiddenSize,
    countParams(h: ResolvedHparams, arch: ArchConfig) {
      const n = interventionCount(h) * spec.paramsPerIntervention(arch.hiddenSize, need(h, 'rank'));
      return { trainable: n, added: n };
    },
    cost(h, arch, ctx) {
      const d = arch.hiddenSize;
      const r = need(h, 'rank');
      const layers = need(h, 'layers');
      // Every intervened layer touches the intervened positions once (untied interventions split them).
      const share = (layers.length * intervenedPositions(positionsOf(h), ctx.seqLen)) / ctx.seqLen;
      return {
        forwardPerToken: share * spec.forwardFlops(d, r),
        backwardPerToken: share * spec.backwardFlops(d, r),
        // The intervention sits on the output of its block: gradients never enter that block.
        lowestGradLayer: Math.min(...layers) + 1,
        baseWeightGradParams: 0,
        extraTokens: 0,
        perStepFlops: spec.orthonormal ? interventionCount(h) * orthogonalParametrizationFlops(d, r) : 0,
      };
    },
  };
}
