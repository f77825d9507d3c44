/**
 * Final runs are pending in the plan: their configuration is the one selected on dev. Once selection
 * has picked a trial, this turns that trial's spec into the final run for one seed — same method,
 * hyperparameters, training, steps and backend; phase `final`, the seed, and its run id
 * (src/plan/run-id.ts). Data folders the trial carries are kept; the runner adds the test folder.
 */
import type { RunSpec } from '../types/run-spec.ts';
import { finalRunSteps } from './build-plan.ts';
import { runIdOf, type SpecWithoutId } from './run-id.ts';

/**
 * With `lengths` (the training examples' real token counts), a tokens or FLOPs budget is met on the
 * final run's own batch schedule: its steps are those at which its seed's batches reach the budget.
 */
export function finalSpecFor(selectedTrial: RunSpec, seed: number, lengths?: ArrayLike<number>): RunSpec {
  const { runId: _trialId, ...rest } = structuredClone(selectedTrial);
  const spec: SpecWithoutId = { ...rest, phase: 'final', seed };
  if (lengths !== undefined && spec.training.secondsBudget === undefined) spec.training.steps = finalRunSteps({ runId: '', ...spec }, lengths);
  return { runId: runIdOf(spec), ...spec };
}
