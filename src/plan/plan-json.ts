/**
 * The plan as `reftbench plan --json` prints it: the Plan itself, except that a cell under a
 * seconds rule says what is not known before it runs. Its runs train until the budget's seconds
 * have passed, so their steps and FLOPs are not figures the planner can give: the run spec's
 * `training.steps` is only a cap (`stepsAreCap: true`), and the trials' `steps` and `flops`, the finals'
 * `estimatedFlops` and the totals' FLOPs (which leave those runs out, `secondsRuns` counting them)
 * are null or exclusive of them, as the text plan says ("as many as fit in N s").
 */
import type { PendingFinal, Plan, PlanGroup, PlannedTrial, PlanTotals } from './plan-types.ts';
import { isSecondsCell, knownFlopsTotals } from './seconds-cells.ts';

/** A cell under a seconds rule: what its runs will spend is known only once they have run. */
export interface SecondsPlanGroup extends Omit<PlanGroup, 'trials' | 'finals'> {
  stepsAreCap: true;
  trials: (Omit<PlannedTrial, 'steps' | 'flops'> & { steps: null; flops: null })[];
  finals: (Omit<PendingFinal, 'estimatedFlops'> & { estimatedFlops: null })[];
}

export interface PlanJson extends Omit<Plan, 'groups' | 'totals'> {
  groups: (PlanGroup | SecondsPlanGroup)[];
  /** FLOPs totals over the runs whose FLOPs are known; `secondsRuns` counts the others. */
  totals: PlanTotals & { secondsRuns?: number };
}

export function planJson(plan: Plan): PlanJson {
  if (!plan.groups.some(isSecondsCell)) return plan;
  return {
    ...plan,
    groups: plan.groups.map((g): PlanGroup | SecondsPlanGroup => !isSecondsCell(g) ? g : {
      ...g,
      stepsAreCap: true as const,
      trials: g.trials.map((t) => ({ ...t, steps: null, flops: null })),
      finals: g.finals.map((f) => ({ ...f, estimatedFlops: null })),
    }),
    totals: { ...plan.totals, ...knownFlopsTotals(plan) },
  };
}
