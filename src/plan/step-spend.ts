/**
 * What one step of a run's batch schedule spends in each unit of a compute rule, counted from the
 * real (unpadded) tokens of its examples: the planner turns a tokens or FLOPs budget into the step
 * at which a run has spent it, and the runner records each result's realised spend the same way.
 * Without the examples' lengths (a plan made before the data is known) every example counts as
 * `maxLength` tokens, the planner's earlier estimate.
 */
import type { ArchConfig } from '../models/arch.ts';
import { methods } from '../methods/registry.ts';
import type { ResolvedHparams } from '../methods/method-def.ts';
export { scheduleRequestOf } from '../data/batch-schedule.ts';
import type { RunSpec } from '../types/run-spec.ts';
import { flopsPerToken } from './flops.ts';
import type { HeadKind } from '../methods/arch-counts.ts';

/** Per-step cost model of a run: FLOPs = (tokens + rows × extraTokens) × perToken + perStep. */
export interface StepCost {
  perToken: number;
  extraTokens: number;
  perStep: number;
}

/** The step cost of a method on a model and task. */
export function stepCostOf(arch: ArchConfig, head: HeadKind, numLabels: number, kind: RunSpec['method']['kind'], hparams: ResolvedHparams, maxLength: number): StepCost {
  const cost = methods[kind].cost(hparams, arch, { seqLen: maxLength });
  const t = flopsPerToken(arch, head, numLabels, cost);
  return { perToken: t.forward + t.backward, extraTokens: cost.extraTokens, perStep: cost.perStepFlops };
}

/** The step cost of a resolved run spec. */
export function stepCostOfSpec(spec: Pick<RunSpec, 'model' | 'task' | 'method'>): StepCost {
  return stepCostOf(spec.model.arch, spec.task.type, spec.task.numLabels, spec.method.kind, spec.method.hparams as ResolvedHparams, spec.task.maxLength);
}

/** Real tokens of one step. */
export function batchTokens(batch: readonly number[], lengths: ArrayLike<number>): number {
  let n = 0;
  for (const i of batch) n += lengths[i]!;
  return n;
}

/** Model FLOPs of one step. */
export function batchFlops(batch: readonly number[], lengths: ArrayLike<number>, cost: StepCost): number {
  return (batchTokens(batch, lengths) + batch.length * cost.extraTokens) * cost.perToken + cost.perStep;
}

/** Real tokens and model FLOPs of the first `steps` batches, in one pass (the planner's estimate and the runner's record). */
export function spendOfBatches(batches: Iterable<readonly number[]>, steps: number, lengths: ArrayLike<number>, cost: StepCost): { tokens: number; flops: number } {
  let tokens = 0;
  let flops = 0;
  let n = 0;
  for (const batch of batches) {
    if (n++ >= steps) break;
    tokens += batchTokens(batch, lengths);
    flops += batchFlops(batch, lengths, cost);
  }
  return { tokens, flops };
}
