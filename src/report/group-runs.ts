/**
 * Groups results by (model, task, method), ordered by model, task, then baselines before ReFT
 * methods (as in the ReFT paper's tables), then method id. Plain code-unit ordering, not locale
 * ordering, so the result is the same on every machine.
 */
import type { RunResult } from '../types/result.ts';
import { methodFamily, type MethodFamily } from './method-family.ts';

export interface RunGroup {
  model: string;
  task: string;
  method: string;
  family: MethodFamily;
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
    const key = JSON.stringify([model.id, task.id, method.id]);
    let group = groups.get(key);
    if (!group) {
      group = { model: model.id, task: task.id, method: method.id, family: methodFamily[method.kind], trials: [], finals: [] };
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
      compareText(a.method, b.method),
  );
}
