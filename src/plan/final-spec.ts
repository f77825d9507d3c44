/**
 * Final runs are pending in the plan: their configuration is the one selected on dev. Once selection
 * has picked a trial, this turns that trial's spec into the final run for one seed — same method,
 * hyperparameters, training and steps; phase `final`, the seed, and a fresh run id.
 */
import type { RunSpec } from '../types/run-spec.ts';
import { methods } from '../methods/registry.ts';
import { runIdFor, type SpecWithoutId } from './run-id.ts';

export function finalSpecFor(selectedTrial: RunSpec, seed: number): RunSpec {
  const { runId: _trialId, ...rest } = selectedTrial;
  const spec: SpecWithoutId = { ...rest, phase: 'final', seed };
  return { runId: runIdFor(spec, methods[spec.method.kind].version), ...spec };
}
