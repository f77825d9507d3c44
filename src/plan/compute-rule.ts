/**
 * The compute-matching rule turned into optimizer steps. Every run gets the same amount of the
 * rule's unit — steps, epochs, tokens, FLOPs (from the FLOPs model) or seconds (estimated at a
 * reference throughput, and enforced by the backend's secondsBudget) — or, with `match`, the amount
 * a reference method spends under its own rule.
 */
import type { ComputeRuleName } from '../types/suite.ts';
import { batchesPerEpoch, type LastBatchPolicy } from '../data/batch-schedule.ts';

/** What one run's steps cost in each unit. */
export interface StepUnits {
  batchSize: number;
  /** Data tokens per step (batch × maxLength). */
  tokensPerStep: number;
  flopsPerStep: number;
  /** Training examples (needed by epochs rules). */
  trainExamples?: number;
  /** The batch schedule's last-batch policy: how many steps an epoch is (default keep). */
  lastBatch?: LastBatchPolicy;
}

/** Reference throughput for planning seconds rules: DESIGN.md's measured ~360 GFLOP/s on 2 cores. */
export const defaultFlopsPerSecond = 3.6e11;

function needTrain(u: StepUnits): number {
  if (u.trainExamples === undefined) throw new Error('internal: an epochs rule reached the planner without a train size');
  return u.trainExamples;
}

/** Steps a run gets for `amount` of `rule` (at least 1). */
export function stepsFor(rule: ComputeRuleName, amount: number, u: StepUnits, flopsPerSecond: number = defaultFlopsPerSecond): number {
  let steps: number;
  switch (rule) {
    case 'steps':
      steps = Math.round(amount);
      break;
    case 'epochs':
      steps = Math.ceil(amount * batchesPerEpoch(needTrain(u), u.batchSize, u.lastBatch ?? 'keep') - 1e-9);
      break;
    case 'tokens':
      steps = Math.floor(amount / u.tokensPerStep);
      break;
    case 'flops':
      steps = Math.floor(amount / u.flopsPerStep);
      break;
    case 'seconds':
      steps = Math.floor((amount * flopsPerSecond) / u.flopsPerStep);
      break;
  }
  return Math.max(1, steps);
}

/** How much of `rule`'s unit `steps` steps spend (used to turn a reference method's spend into a budget). */
export function spendOf(rule: Exclude<ComputeRuleName, 'seconds'>, steps: number, u: StepUnits): number {
  switch (rule) {
    case 'steps':
      return steps;
    case 'epochs':
      return steps / batchesPerEpoch(needTrain(u), u.batchSize, u.lastBatch ?? 'keep');
    case 'tokens':
      return steps * u.tokensPerStep;
    case 'flops':
      return steps * u.flopsPerStep;
  }
}
