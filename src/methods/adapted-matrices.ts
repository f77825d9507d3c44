/**
 * What the peft weight adapters LoHa, LoKr, VeRA and OFT share: sums over the adapted matrices
 * (targets × layers), and the count and cost shape every one of them has.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { MethodCost, ParamCount, ResolvedHparams } from './method-def.ts';
import { need } from './hparam-access.ts';
import { targetShapes } from './targets.ts';
import type { LinearShape } from './arch-counts.ts';

/** Σ over the adapted matrices (targets × layers) of `perMatrix(shape)`. */
export function sumOverAdapted(h: ResolvedHparams, arch: ArchConfig, perMatrix: (s: LinearShape) => number): number {
  const perBlock = targetShapes(arch, need(h, 'targets')).reduce((sum, s) => sum + perMatrix(s), 0);
  return perBlock * need(h, 'layers').length;
}

/** Trainable (all of it added) parameters of a weight adapter: Σ over the adapted matrices of `perMatrix(shape)`. */
export function adaptedParams(h: ResolvedHparams, arch: ArchConfig, perMatrix: (s: LinearShape) => number): ParamCount {
  const n = sumOverAdapted(h, arch, perMatrix);
  return { trainable: n, added: n };
}

/**
 * The cost of a peft weight adapter: `forwardPerToken` forward and twice that backward (input and
 * adapter gradients), gradients down to the lowest adapted block, no base-weight gradients, and
 * `perStepForward` FLOPs once per step (materialising ΔW or R), tripled for its backward.
 */
export function adapterCost(h: ResolvedHparams, forwardPerToken: number, perStepForward: number): MethodCost {
  return {
    forwardPerToken,
    backwardPerToken: 2 * forwardPerToken,
    lowestGradLayer: Math.min(...need(h, 'layers')),
    baseWeightGradParams: 0,
    extraTokens: 0,
    perStepFlops: 3 * perStepForward,
  };
}
