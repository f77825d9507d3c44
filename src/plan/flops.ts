/**
 * The FLOPs model of DESIGN.md, per token and per optimizer step. With N the non-embedding weights
 * of the blocks and H those of the task head (the LM head for causal LM):
 *
 *   forward   = 2·(L·P + H) + method forward
 *   backward  = 2·H + 2·P·(L − lowestGradLayer)      activation gradients, only down to the lowest
 *                                                    trainable module (ReFT at block l: blocks above l)
 *             + 2·N_w                                weight gradients of trained base weights only
 *             + 2·H (classification/regression head, always trained)
 *             + method backward
 *
 * P = parameters of one block, L = blocks. Attention-score FLOPs and embedding gradients are not
 * counted (DESIGN.md's ≈2N model). A step is tokensPerStep × (forward + backward) + per-step work.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { MethodCost } from '../methods/method-def.ts';
import { blockParams, headMatmulParams, type HeadKind } from '../methods/arch-counts.ts';

export interface TokenFlops {
  forward: number;
  backward: number;
}

export function flopsPerToken(arch: ArchConfig, head: HeadKind, numLabels: number, cost: MethodCost): TokenFlops {
  const L = arch.numLayers;
  const P = blockParams(arch);
  const H = headMatmulParams(arch, head, numLabels);
  const gradLayers = Math.max(0, Math.min(L, L - cost.lowestGradLayer));
  const headWeightGrads = head === 'causal_lm' ? 0 : 2 * H;
  return {
    forward: 2 * (L * P + H) + cost.forwardPerToken,
    backward: 2 * H + 2 * P * gradLayers + 2 * cost.baseWeightGradParams + headWeightGrads + cost.backwardPerToken,
  };
}

/** Tokens one optimizer step processes: the padded batch, plus any tokens the method prepends. */
export function tokensPerStep(batchSize: number, seqLen: number, cost: MethodCost): number {
  return batchSize * (seqLen + cost.extraTokens);
}

/** Training FLOPs of one optimizer step. */
export function flopsPerStep(arch: ArchConfig, head: HeadKind, numLabels: number, cost: MethodCost, batchSize: number, seqLen: number): number {
  const t = flopsPerToken(arch, head, numLabels, cost);
  return tokensPerStep(batchSize, seqLen, cost) * (t.forward + t.backward) + cost.perStepFlops;
}
