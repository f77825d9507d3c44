/**
 * What every method kind says about itself, independently of any backend: its formula,
 * hyperparameters, trainable-parameter count and FLOPs. One file per kind implements this; the typed
 * table in `registry.ts` is the only way the planner and the report reach a method. How a backend
 * runs a kind lives in that backend's own table (src/backends/ort/method-table.ts,
 * src/backends/torch-method-table.ts); nothing here imports a backend.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { MethodKind, ResolvedHparams } from '../types/run-spec.ts';

export type { MethodKind, ResolvedHparams };

/** Hyperparameters that belong to a method (training hyperparameters such as lr are not listed here). */
export type MethodHparamName = keyof ResolvedHparams;

/** How a method relates to the frozen base model. */
export type MethodFamily =
  /** intervenes on hidden representations (the ReFT family, RED) */
  | 'representation'
  /** adds or unfreezes weights (LoRA, DoRA, BitFit, full, IA3, adapters) */
  | 'weight'
  /** changes the input sequence (prompt tuning) */
  | 'input';

/** Trainable parameters of one configured method on one model (task head excluded). */
export interface ParamCount {
  /** Every parameter the optimizer updates, except the task head. */
  trainable: number;
  /** The part of `trainable` that is new (not a base-model weight): peft's denominator grows by it. */
  added: number;
}

/**
 * A method's share of the FLOPs model (DESIGN.md), per token of the (padded) input sequence.
 * The planner (src/plan/flops.ts) adds the frozen model's forward and backward passes around it.
 */
export interface MethodCost {
  /** The method's own forward FLOPs per token (averaged over the sequence). */
  forwardPerToken: number;
  /** The method's own backward FLOPs per token (gradients of its inputs and of its parameters). */
  backwardPerToken: number;
  /**
   * Lowest block whose activation gradients are needed: the backward pass runs through blocks
   * `lowestGradLayer … numLayers−1` and no lower. `numLayers` means only the task head is reached.
   */
  lowestGradLayer: number;
  /** Base-model weights (outside the embeddings and the task head) that receive weight gradients. */
  baseWeightGradParams: number;
  /** Tokens the method adds to every sequence (prompt tuning's virtual tokens). */
  extraTokens: number;
  /** Work done once per optimizer step whatever the batch (DoRA's weight norms), forward + backward. */
  perStepFlops: number;
}

/** Context a cost depends on beyond the architecture. */
export interface CostContext {
  /** Tokens per sequence (the task's maxLength: the planner counts padded batches). */
  seqLen: number;
}

export interface MethodDef {
  kind: MethodKind;
  family: MethodFamily;
  /** The method's formula in one line (reports print it). */
  formula: string;
  /** Bumped when the method's math changes; part of every run id, so old results are not reused. */
  version: number;
  /** Hyperparameters this kind takes; a suite setting any other is rejected. */
  hparams: readonly MethodHparamName[];
  /** Value of each hyperparameter in `hparams` when a suite leaves it unset (layers: all blocks). */
  defaults: ResolvedHparams;
  /** Largest rank the architecture allows (ReFT: R has orthonormal rows, so r ≤ d); absent: no limit. */
  maxRank?(arch: ArchConfig): number;
  /** Trainable parameters for fully resolved hyperparameters. */
  countParams(h: ResolvedHparams, arch: ArchConfig): ParamCount;
  /** The method's part of the FLOPs model. */
  cost(h: ResolvedHparams, arch: ArchConfig, ctx: CostContext): MethodCost;
}
