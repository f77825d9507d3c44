/**
 * Compute-ladder levels: a suite may give its methods several budgets (budget.compute.amounts), and
 * the plan repeats the protocol once per budget, so one model × task × method then has results at
 * several budgets. A level is the budget as the suite declared it, read from each result's
 * spec.accounting.budget: [rule, amount], or with a matched budget [rule, match.method, match.rule,
 * match.amount] (its own amount is what the data decided: it differs per task, the level does not).
 * Results without a budget (older ones) form one level of their own. A report is a ladder report
 * when some model × task × method has results at more than one level, or its protocol declares a
 * ladder (group-runs.ts isLadder); only then do its entries, comparisons and curves name their level,
 * so reports of suites without a ladder are unchanged. Levels are ranked by amount within one task's
 * ladder only (task-ladders.ts numbers them); across tasks their units may differ.
 */
import type { BudgetLevel } from '../types/report.ts';
import type { RunResult } from '../types/result.ts';
import { formatSi } from './render/format.ts';

/** The declared budget of a result, or undefined for a result that records none. */
export function levelOf(result: RunResult): BudgetLevel | undefined {
  const budget = result.spec.accounting?.budget;
  if (!budget) return undefined;
  if (budget.match) return { rule: budget.rule, match: { method: budget.match.method, rule: budget.match.rule, amount: budget.match.amount } };
  return { rule: budget.rule, amount: budget.amount };
}

/** The level's identity as text ('' for no level): equal levels, equal keys. */
export function levelKey(level: BudgetLevel | undefined): string {
  if (!level) return '';
  return JSON.stringify(level.match ? [level.rule, level.match.method, level.match.rule, level.match.amount] : [level.rule, level.amount ?? null]);
}

/** The amount a level declares (a matched level: the match's amount, in its rule's unit). */
export function declaredAmount(level: BudgetLevel): number {
  return level.match?.amount ?? level.amount ?? 0;
}

/** Order of levels: none first, then by declared amount, then by key (code units), so ties are stable. */
export function compareLevels(a: BudgetLevel | undefined, b: BudgetLevel | undefined): number {
  if (!a || !b) return (a ? 1 : 0) - (b ? 1 : 0);
  const ka = levelKey(a);
  const kb = levelKey(b);
  return declaredAmount(a) - declaredAmount(b) || (ka < kb ? -1 : ka > kb ? 1 : 0);
}

/** An amount for people: up to 3 significant figures, SI prefixes from 10,000 on (1 epoch, 200 steps, 1.2 Tflops). */
function amountText(amount: number, unit: string): string {
  if (Math.abs(amount) >= 1e4) return formatSi(amount, unit);
  const shown = Number(amount.toPrecision(3));
  return `${shown} ${shown === 1 ? unit.replace(/s$/, '') : unit}`;
}

/** The level for people: "200 steps", "1.2 Tflops", or "3 epochs of lora (flops)" (a matched budget: the rule it is counted in). */
export function levelLabel(level: BudgetLevel | undefined): string {
  if (!level) return 'no declared budget';
  if (level.match) return `${amountText(level.match.amount, level.match.rule)} of ${level.match.method} (${level.rule})`;
  return amountText(level.amount ?? 0, level.rule);
}

/** The level's amount alone, for a chart legend titled "budget": "200 steps", "3 epochs" (of the matched method). */
export function levelShortLabel(level: BudgetLevel | undefined): string {
  if (!level) return 'none declared';
  return level.match ? amountText(level.match.amount, level.match.rule) : amountText(level.amount ?? 0, level.rule);
}
