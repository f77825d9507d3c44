/**
 * The plan: every run a suite asks for, with its trainable parameters, FLOPs and steps, before
 * anything runs. A plain serialisable value (`reftbench plan --json` prints it).
 */
import type { RunSpec } from '../types/run-spec.ts';
import type { ComputeRule } from '../types/suite.ts';
import type { Config } from '../suite/search-space.ts';
import type { MethodKind } from '../methods/method-def.ts';

export interface PlannedTrial {
  runId: string;
  trial: number;
  seed: number;
  /** The sampled point of the search space, in suite notation. */
  config: Config;
  spec: RunSpec;
  trainableParams: number;
  /** ReFT paper convention: trainable ÷ base-model parameters (head excluded), in percent. */
  percent: number;
  /** peft's convention: (trainable + head) ÷ (base + added + head), in percent. */
  peftPercent: number;
  flopsPerStep: number;
  /** Mean real training tokens per step over the run's batch schedule (batch × maxLength when the data is not known). */
  tokensPerStep: number;
  steps: number;
  /** Training FLOPs of the whole run (steps × flopsPerStep). */
  flops: number;
}

/** A final run: the configuration is filled in after selection on dev, so only its seed is known. */
export interface PendingFinal {
  seed: number;
  status: 'pending-selection';
  /** Mean training FLOPs of the method's trials: the final run's cost if the selected config is typical. */
  estimatedFlops: number;
}

/** One model × task × method cell of the plan, under one budget level. */
export interface PlanGroup {
  modelId: string;
  taskId: string;
  methodId: string;
  kind: MethodKind;
  baseParams: number;
  headParams: number;
  /** Position in the cell's compute ladder (absent when its rule has no ladder). */
  level?: number;
  /** The budget this group runs under: the task's (or suite's) rule with one amount. */
  compute: ComputeRule;
  trials: PlannedTrial[];
  finals: PendingFinal[];
}

export interface PlanTotals {
  trialRuns: number;
  finalRuns: number;
  trialFlops: number;
  finalFlopsEstimate: number;
}

export interface Plan {
  schemaVersion: 1;
  suite: { name: string; hash: string };
  compute: ComputeRule;
  strategy: 'grid' | 'random';
  trialsPerMethod: number;
  seeds: number[];
  groups: PlanGroup[];
  totals: PlanTotals;
}
