/**
 * The least memory a model of a given architecture needs to train on one sequence, from the same
 * parameter model the planner counts with (src/methods/arch-counts.ts), so that an inline or tiny
 * architecture too large for the machine is refused at `validate` instead of growing until the
 * system kills the run. A lower bound on purpose (refusing a suite that would fit is worse):
 *   weights:      4 bytes × every base-model parameter (float32, no gradient, no optimizer state);
 *   activations:  4 bytes × layers × tokens × (4·hidden + 2·intermediate + heads·tokens) for one
 *                 sequence of the longest task's maxLength (attention inputs and output, the FFN's two
 *                 intermediate tensors and the attention scores that the backward pass keeps).
 */
import { totalmem } from 'node:os';
import type { ArchConfig } from '../models/arch.ts';
import { baseModelParams } from '../methods/arch-counts.ts';

export interface ArchMemory {
  weightBytes: number;
  activationBytes: number;
  totalBytes: number;
}

export function archMemory(arch: ArchConfig, tokens: number): ArchMemory {
  const weightBytes = 4 * baseModelParams(arch);
  const perLayer = tokens * (4 * arch.hiddenSize + 2 * arch.intermediateSize + arch.numHeads * tokens);
  const activationBytes = 4 * arch.numLayers * perLayer;
  return { weightBytes, activationBytes, totalBytes: weightBytes + activationBytes };
}

/** This machine's memory, the limit validate holds inline and tiny architectures to. */
export function machineMemoryBytes(): number {
  return totalmem();
}
