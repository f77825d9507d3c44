/**
 * The runs of a suite as the runner executes them, made from the planner's Plan (src/plan/): each
 * planned trial keeps its spec and run id exactly as the plan states them (src/plan/run-id.ts is
 * the only source of run ids, so the ids `reftbench plan` shows are the result file names) and gets
 * the tokenized data folders of its model × task. Final runs are made here after selection with the
 * planner's `finalSpecFor`: the selected trial's spec once per suite seed, with the test folder
 * added. Under a `seconds` rule the planner's step estimate is replaced by a cap, so the wall-clock
 * budget — not an estimate — ends the run (run ids do not hash steps under that rule).
 */
import type { BackendName } from '../backends/backend.ts';
import { finalSpecFor } from '../plan/final-spec.ts';
import type { Plan } from '../plan/plan-types.ts';
import { methodVersionOf } from '../plan/run-id.ts';
import type { HparamValue } from '../suite/search-space.ts';
import type { RunSpec } from '../types/run-spec.ts';
import type { Suite } from '../types/suite.ts';
import { preparedKey, type PreparedInputs } from './prepare-inputs.ts';

/** A run ready to execute: its spec, the suite-notation values it was drawn with, and its group. */
export interface PlannedRun {
  spec: RunSpec;
  hyperparameters: Record<string, HparamValue>;
  /** `model/task/method` (with `@<level>` under a compute ladder): the trials of one group compete in selection. */
  group: string;
}

/** Step cap of a seconds rule: the wall-clock budget, not this number, ends such a run and paces its lr schedule (training.lrClock). */
export const SECONDS_RULE_STEP_CAP = 1_000_000;

export const groupOf = (spec: RunSpec): string => {
  const level = spec.accounting?.budget?.level;
  return `${spec.model.id}/${spec.task.id}/${spec.method.id}${level === undefined ? '' : `@${level}`}`;
};

/** Version of the method implementation that goes into run ids and results. */
export function methodVersion(spec: RunSpec): string {
  return methodVersionOf(spec.method.kind);
}

export interface RunningBackend {
  name: BackendName;
}

/** Every tuning trial of the plan, in plan order, ready for `backend` (the one the plan was built for). */
export function trialRuns(plan: Plan, inputs: PreparedInputs, backend: RunningBackend): PlannedRun[] {
  const runs: PlannedRun[] = [];
  for (const group of plan.groups) {
    const data = inputs.tasks.get(preparedKey(group.modelId, group.taskId));
    if (data === undefined) throw new Error(`internal: no prepared data for ${group.modelId}/${group.taskId}`);
    for (const trial of group.trials) {
      const spec: RunSpec = structuredClone(trial.spec);
      if (spec.backend.name !== backend.name) throw new Error(`internal: run ${spec.runId} was planned for the ${spec.backend.name} backend, not ${backend.name}`);
      spec.data = { train: data.train.dir, dev: data.dev.dir };
      if (spec.training.secondsBudget !== undefined) spec.training.steps = SECONDS_RULE_STEP_CAP;
      runs.push({ spec, hyperparameters: { ...trial.config } as Record<string, HparamValue>, group: groupOf(spec) });
    }
  }
  return runs;
}

/** The final runs of a selected trial: its configuration once per suite seed, scored on test. */
export function finalRuns(selected: PlannedRun, suite: Suite, testDir: string, trainLengths?: ArrayLike<number>): PlannedRun[] {
  return suite.seeds.map((seed) => {
    const spec = finalSpecFor(selected.spec, seed, trainLengths);
    spec.data = { ...spec.data!, test: testDir };
    return { spec, hyperparameters: selected.hyperparameters, group: selected.group };
  });
}
