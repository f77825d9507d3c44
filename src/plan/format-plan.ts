/**
 * The plan as a text table, one block per model × task (× budget level of a compute ladder) and one row per method: trials, seeds,
 * trainable parameters with the paper's % and peft's %, steps, real tokens per step (the mean over
 * the run's batch schedule), FLOPs per run and for the cell. Under a seconds rule nothing fixes the
 * steps or FLOPs before a run (the planner's figure is only a guess at a reference throughput, off by
 * orders of magnitude on small models), so those cells say so instead of showing the guess.
 */
import { planMessages as msg } from '../messages/plan.ts';
import type { ComputeRule } from '../types/suite.ts';
import { computeLevels } from './compute-levels.ts';
import type { Plan, PlanGroup } from './plan-types.ts';
import { isSecondsCell, knownFlopsTotals } from './seconds-cells.ts';

export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Percent with 3 decimals, or 2 significant digits below 0.001%. */
export function formatPercent(p: number): string {
  if (p === 0) return '0%';
  return p >= 0.001 ? `${p.toFixed(3)}%` : `${p.toPrecision(2)}%`;
}

export function formatFlops(f: number): string {
  return f.toExponential(2).replace('e+', 'e');
}

/** "lo–hi" of the values as shown, or one value when both ends show the same (248.3 and 248.4 are both "248"). */
function spread(values: readonly number[], format: (n: number) => string): string {
  const lo = format(Math.min(...values));
  const hi = format(Math.max(...values));
  return lo === hi ? lo : `${lo}–${hi}`;
}

/** A unit after an amount: "1 epoch", "2 epochs". */
function unitAfter(amount: number, unit: string): string {
  return amount === 1 ? unit.replace(/s$/, '') : unit;
}

function ruleText(c: ComputeRule): string {
  const amount = (a: number) => (c.rule === 'flops' ? formatFlops(a) : formatCount(a));
  if (c.amount !== undefined) return `${c.rule} = ${amount(c.amount)} per run`;
  if (c.amounts !== undefined) return `${c.rule} = each of ${c.amounts.map(amount).join(', ')} per run (a ladder: the protocol once per amount)`;
  const m = c.match!;
  const spent = m.amounts === undefined ? `${m.amount} ${unitAfter(m.amount!, m.rule)}` : `each of ${m.amounts.join(', ')} ${m.rule}`;
  return `${c.rule} that "${m.method}" spends in ${spent}${m.amounts === undefined ? '' : ' (a ladder: the protocol once per amount)'}`;
}

/** The header's compute rule: the suite's, and which tasks have their own (shown above their blocks). */
function headerRuleText(plan: Plan): string {
  const suiteLevels = new Set(computeLevels(plan.compute).map((l) => JSON.stringify(l.rule)));
  const tasks = [...new Set(plan.groups.map((g) => g.taskId))];
  const own = [...new Set(plan.groups.filter((g) => !suiteLevels.has(JSON.stringify(g.compute))).map((g) => g.taskId))];
  return own.length === 0 ? ruleText(plan.compute) : msg.suiteRuleExcept(ruleText(plan.compute), own, tasks.length);
}

function cellFlopsOf(g: PlanGroup): number {
  return g.trials.reduce((a, t) => a + t.flops, 0) + g.finals.reduce((a, f) => a + f.estimatedFlops, 0);
}

function row(g: PlanGroup): string[] {
  const trials = g.trials;
  if (isSecondsCell(g)) {
    const seconds = msg.secondsSteps(String(g.compute.amount));
    return [g.methodId, g.kind, String(trials.length), String(g.finals.length),
      spread(trials.map((t) => t.trainableParams), formatCount),
      spread(trials.map((t) => t.percent), formatPercent),
      spread(trials.map((t) => t.peftPercent), formatPercent),
      seconds,
      spread(trials.map((t) => t.tokensPerStep), (n) => n.toFixed(0)),
      msg.secondsFlops, msg.secondsFlops];
  }
  return [
    g.methodId,
    g.kind,
    String(trials.length),
    String(g.finals.length),
    spread(trials.map((t) => t.trainableParams), formatCount),
    spread(trials.map((t) => t.percent), formatPercent),
    spread(trials.map((t) => t.peftPercent), formatPercent),
    spread(trials.map((t) => t.steps), formatCount),
    spread(trials.map((t) => t.tokensPerStep), (n) => n.toFixed(0)),
    spread(trials.map((t) => t.flops), formatFlops),
    formatFlops(cellFlopsOf(g)),
  ];
}

const headings = ['method', 'kind', 'trials', 'seeds', 'trainable', '% (paper)', '% (peft)', 'steps', 'tokens/step', 'FLOPs/run', 'FLOPs total'];
/** Columns aligned left (the rest are numbers, aligned right). */
const leftColumns = new Set([0, 1]);

function table(rows: readonly string[][]): string[] {
  const widths = headings.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (leftColumns.has(i) ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(headings), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

export function formatPlan(plan: Plan): string {
  const lines = [msg.tableTitle(plan.suite.name, plan.suite.hash), msg.protocol(plan.strategy, plan.trialsPerMethod, plan.seeds, headerRuleText(plan)), ''];
  const cells = new Map<string, PlanGroup[]>();
  for (const g of plan.groups) {
    const key = `${g.modelId}\u0000${g.taskId}\u0000${g.level ?? ''}`;
    cells.set(key, [...(cells.get(key) ?? []), g]);
  }
  const suiteRule = JSON.stringify(plan.compute);
  for (const groups of cells.values()) {
    const first = groups[0]!;
    lines.push(msg.groupHeading(first.modelId, first.taskId, formatCount(first.baseParams), formatCount(first.headParams)));
    // A ladder's level, or a task's own rule: say which budget this block is planned under.
    if (first.level !== undefined || JSON.stringify(first.compute) !== suiteRule) lines.push(msg.budgetHeading(first.level, ruleText(first.compute)));
    lines.push(...table(groups.map(row)), '');
  }
  const t = plan.totals;
  if (!plan.groups.some(isSecondsCell)) {
    lines.push(msg.totals(t.trialRuns, t.finalRuns, formatFlops(t.trialFlops), formatFlops(t.finalFlopsEstimate)));
    return lines.join('\n');
  }
  const known = knownFlopsTotals(plan);
  lines.push(msg.secondsNote, msg.totalsWithSeconds(t.trialRuns, t.finalRuns, known.secondsRuns, formatFlops(known.trialFlops), formatFlops(known.finalFlopsEstimate)));
  return lines.join('\n');
}
