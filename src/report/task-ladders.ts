/**
 * Each task's compute ladder as the report's protocol declares it: the task's own rule
 * (protocol.tasks[].compute) or else the suite's (protocol.compute), one budget level per amount, in
 * the declared (ascending) order. A rule with one amount is a "ladder" of one level. Levels are
 * numbered within their task's ladder, as `reftbench plan` numbers them; budgets of different tasks
 * are never ranked against each other (their units may differ).
 */
import type { BudgetLevel, Compute, Report } from '../types/report.ts';
import { levelKey } from './budget-level.ts';

type LadderProtocol = Pick<Report['protocol'], 'compute' | 'tasks'>;

export interface TaskLadder {
  /** The levels, in ladder order. */
  levels: BudgetLevel[];
  /** Whether the rule is the task's own (tasks[].compute), not the suite's. */
  own: boolean;
  /** Identity of the ladder (equal rules, equal keys), for grouping tasks that share one. */
  key: string;
}

function levelOfAmount(compute: Compute, amount: number): BudgetLevel {
  return compute.referenceMethod === undefined
    ? { rule: compute.rule, amount }
    : { rule: compute.rule, match: { method: compute.referenceMethod, rule: compute.referenceRule ?? 'epochs', amount } };
}

/** The ladder `task` was planned under. */
export function taskLadder(protocol: LadderProtocol, task: string): TaskLadder {
  const own = protocol.tasks.find((t) => t.task === task)?.compute;
  const compute = own ?? protocol.compute;
  const amounts = compute.amounts ?? (compute.amount === undefined ? [] : [compute.amount]);
  const levels = amounts.map((a) => levelOfAmount(compute, a));
  return { levels, own: own !== undefined, key: JSON.stringify(levels.map(levelKey)) };
}

/** The position (0-based) of `level` in `task`'s ladder, or -1 when the protocol does not declare it. */
export function levelIndex(protocol: LadderProtocol, task: string, level: BudgetLevel | undefined): number {
  const key = levelKey(level);
  return taskLadder(protocol, task).levels.findIndex((l) => levelKey(l) === key);
}
