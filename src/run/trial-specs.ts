/**
 * The runs of a suite as the runner executes them, made from the planner's Plan (src/plan/): each
 * planned trial gets the tokenized data folders of its model × task, the backend that will really
 * run it, and a run id that also hashes the engine version and the data's content keys
 * (src/run/run-id.ts). Final runs are made here after selection: the selected trial's spec once per
 * suite seed, with the test folder added. Under a `seconds` rule the planner's step estimate is
 * replaced by a cap, so the wall-clock budget — not an estimate — ends the run.
 */
import { methodDef } from '../methods/registry.ts';
import type { BackendName } from '../backends/backend.ts';
import type { Plan } from '../plan/plan-types.ts';
import type { HparamValue } from '../suite/search-space.ts';
import type { RunSpec } from '../types/run-spec.ts';
import type { Suite } from '../types/suite.ts';
import { preparedKey, type PreparedInputs } from './prepare-inputs.ts';
import { computeRunId } from './run-id.ts';

/** A run ready to execute: its spec, the suite-notation values it was drawn with, and its group. */
export interface PlannedRun {
  spec: RunSpec;
  hyperparameters: Record<string, HparamValue>;
  /** `model/task/method`: the trials of one group compete in selection. */
  group: string;
}

/** Step cap of a seconds rule: the wall-clock budget, not this number, ends such a run. */
export const SECONDS_RULE_STEP_CAP = 1_000_000;

export const groupOf = (spec: RunSpec): string => `${spec.model.id}/${spec.task.id}/${spec.method.id}`;

/** Version of the method implementation that goes into run ids and results. */
export function methodVersion(spec: RunSpec): string {
  return `${spec.method.kind}@${methodDef(spec.method.kind).version}`;
}

export interface RunningBackend {
  name: BackendName;
  engineVersion: string;
}

function withRunId(spec: RunSpec, backend: RunningBackend): RunSpec {
  spec.runId = computeRunId(spec, { method: methodVersion(spec), engine: backend.engineVersion });
  return spec;
}

/** Every tuning trial of the plan, in plan order, ready for `backend`. */
export function trialRuns(plan: Plan, inputs: PreparedInputs, backend: RunningBackend): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const group of plan.groups) {
    const data = inputs.tasks.get(preparedKey(group.modelId, group.taskId));
    if (data === undefined) throw new Error(`internal: no prepared data for ${group.modelId}/${group.taskId}`);
    for (const trial of group.trials) {
      const spec: RunSpec = structuredClone(trial.spec);
      spec.data = { train: data.train.dir, dev: data.dev.dir };
      spec.backend.name = backend.name;
      if (spec.training.secondsBudget !== undefined) spec.training.steps = SECONDS_RULE_STEP_CAP;
      runs.push({ spec: withRunId(spec, backend), hyperparameters: { ...trial.config } as Record<string, HparamValue>, group: groupOf(spec) });
    }
  }
  return runs;
}

/** The final runs of a selected trial: its configuration once per suite seed, scored on test. */
export function finalRuns(selected: PlannedRun, suite: Suite, testDir: string, backend: RunningBackend): PlannedRun[] {
  return suite.seeds.map((seed) => {
    const spec: RunSpec = structuredClone(selected.spec);
    spec.phase = 'final';
    spec.seed = seed;
    spec.data = { ...spec.data!, test: testDir };
    return { spec: withRunId(spec, backend), hyperparameters: selected.hyperparameters, group: selected.group };
  });
}
