/**
 * What the kinds only the torch worker runs (through peft) share: the `ort` side of their
 * MethodDef, which the planner and the ort backend never reach because they refuse those kinds
 * up front (`onOrt: false`), the peft-style sums over adapted matrices, and the count and cost
 * shape every weight-adapter kind among them has.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { EngineMethod } from '../backends/ort/methods/method.ts';
import type { MethodCost, MethodKind, ParamCount, ResolvedHparams } from './method-def.ts';
import { need } from './hparam-access.ts';
import { targetShapes } from './targets.ts';
import type { LinearShape } from './arch-counts.ts';

/** The kinds only the torch worker runs; each one's MethodDef says `onOrt: false`. */
export const torchOnlyKinds = ['prefix', 'loha', 'lokr', 'vera', 'oft'] as const satisfies readonly MethodKind[];
export type TorchOnlyKind = (typeof torchOnlyKinds)[number];

/** The `engine` of a torch-only kind: reaching it is a bug (the planner refuses the kind on ort). */
export function noOrtEngine(kind: MethodKind): (h: ResolvedHparams, arch: ArchConfig) => EngineMethod {
  return () => {
    throw new Error(`internal: the ort engine does not implement "${kind}"; the planner and the ort backend must refuse it before building a graph`);
  };
}

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
