/**
 * Cells under a seconds rule, which the plan cannot give steps or FLOPs for (their runs train until
 * the budget's seconds have passed), and the FLOPs totals over the other cells: what the text plan
 * (format-plan.ts) and `plan --json` (plan-json.ts) both print.
 */
import type { Plan, PlanGroup } from './plan-types.ts';

export const isSecondsCell = (g: PlanGroup): boolean => g.compute.rule === 'seconds';

/** FLOPs of trials and finals over the cells whose FLOPs are known, and how many runs are left out. */
export function knownFlopsTotals(plan: Plan): { trialFlops: number; finalFlopsEstimate: number; secondsRuns: number } {
  const known = plan.groups.filter((g) => !isSecondsCell(g));
  return {
    trialFlops: known.reduce((a, g) => a + g.trials.reduce((b, t) => b + t.flops, 0), 0),
    finalFlopsEstimate: known.reduce((a, g) => a + g.finals.reduce((b, f) => b + f.estimatedFlops, 0), 0),
    secondsRuns: plan.groups.filter(isSecondsCell).reduce((a, g) => a + g.trials.length + g.finals.length, 0),
  };
}
