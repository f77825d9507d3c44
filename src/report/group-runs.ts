/**
 * Groups results by (model, task, method, budget level), ordered by model, task, then baselines
 * before ReFT methods (as in the ReFT paper's tables), then method id, then level (ascending declared
 * amount; budget-level.ts). Plain code-unit ordering, not locale ordering, so the result is the same
 * on every machine. Results of a suite without a compute ladder have one level per model × task ×
 * method, so they group as (model, task, method).
 */
import type { BudgetLevel } from '../types/report.ts';
import type { RunResult } from '../types/result.ts';
import { compareLevels, levelKey, levelOf } from './budget-level.ts';
import { methodFamily, type MethodFamily } from './method-family.ts';

export interface RunGroup {
  model: string;
  task: string;
  method: string;
  family: MethodFamily;
  /** The declared budget of the group's runs (undefined for results that record none). */
  level: BudgetLevel | undefined;
  trials: RunResult[];
  finals: RunResult[];
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function groupRuns(results: readonly RunResult[]): RunGroup[] {
  const groups = new Map<string, RunGroup>();
  for (const result of results) {
    const { model, task, method } = result.spec;
    const level = levelOf(result);
    const key = JSON.stringify([model.id, task.id, method.id, levelKey(level)]);
    let group = groups.get(key);
    if (!group) {
      group = { model: model.id, task: task.id, method: method.id, family: methodFamily[method.kind], level, trials: [], finals: [] };
      groups.set(key, group);
    }
    (result.spec.phase === 'trial' ? group.trials : group.finals).push(result);
  }
  const familyOrder: Record<MethodFamily, number> = { baseline: 0, reft: 1 };
  const list = [...groups.values()];
  for (const g of list) {
    g.trials.sort((a, b) => a.spec.trial - b.spec.trial || compareText(a.runId, b.runId));
    g.finals.sort((a, b) => a.spec.seed - b.spec.seed || compareText(a.runId, b.runId));
  }
  return list.sort(
    (a, b) =>
      compareText(a.model, b.model) ||
      compareText(a.task, b.task) ||
      familyOrder[a.family] - familyOrder[b.family] ||
      compareText(a.method, b.method) ||
      compareLevels(a.level, b.level),
  );
}

/**
 * Whether the results are of a compute ladder: some model × task × method has runs at more than one
 * budget level, or the protocol declares a ladder for a task (a suite stopped within its first level
 * has results at one level only, and its report must still say which level that is).
 */
export function isLadder(groups: readonly RunGroup[]): boolean {
  const cells = new Set(groups.map((g) => JSON.stringify([g.model, g.task, g.method])));
  return cells.size < groups.length || groups.some((g) => g.level !== undefined && declaresLadder([...g.trials, ...g.finals][0]));
}

function declaresLadder(result: RunResult | undefined): boolean {
  const compute = result?.protocol.taskCompute ?? result?.protocol.compute;
  return compute?.amounts !== undefined;
}

/** The key of a group or entry: model, task, method and, in a ladder report, the level. */
export function cellKey(model: string, task: string, method: string, level: BudgetLevel | undefined): string {
  return JSON.stringify(level === undefined ? [model, task, method] : [model, task, method, levelKey(level)]);
}
