/**
 * The budgets a model × task cell is planned under. A task's own compute rule replaces the suite's
 * (`tasks[].compute`); a rule with a ladder (`amounts`, or `match.amounts`) becomes one level per
 * amount, each a plain rule with one amount, and the planner repeats the whole protocol — trials,
 * selection on dev, final seeds — once per level. A rule without a ladder is one level with no index,
 * so suites without ladders plan (and hash) exactly as before.
 */
import type { ComputeRule, Suite, SuiteTask } from '../types/suite.ts';

/** One budget of a cell: a rule with a single amount (or match amount). */
export interface ComputeLevel {
  /** Position in the ladder (absent when the rule has no ladder). */
  index?: number;
  rule: ComputeRule;
}

/** The rule a task is planned under: its own, or the suite's. */
export function computeRuleOf(suite: Suite, task: SuiteTask): ComputeRule {
  return task.compute ?? suite.budget.compute;
}

/** The levels of `rule`: one per ladder amount, in the order declared (the suite check requires ascending). */
export function computeLevels(rule: ComputeRule): ComputeLevel[] {
  const { amounts, ...rest } = rule;
  if (amounts !== undefined) return amounts.map((amount, index) => ({ index, rule: { ...rest, amount } }));
  if (rule.match?.amounts !== undefined) {
    const { amounts: matchAmounts, ...match } = rule.match;
    return matchAmounts.map((amount, index) => ({ index, rule: { ...rest, match: { ...match, amount } } }));
  }
  return [{ rule }];
}
