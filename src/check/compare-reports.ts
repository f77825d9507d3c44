/**
 * The check stage's pure core: current report + baseline report + rule → one row per
 * (model, task, method, metric) with its verdict, in the baseline's order followed by new rows.
 * A row missing from the current report is a regression ("missing"); a new row is reported but
 * never fails the check.
 */
import type { CheckRule, Report } from '../types/report.ts';
import { judge, type Verdict } from './rules.ts';

export interface CheckRow {
  model: string;
  task: string;
  method: string;
  metric: string;
  direction: 'max' | 'min';
  baseline: number | null;
  baselineCi: [number, number] | null;
  current: number | null;
  delta: number | null;
  verdict: Verdict | 'missing' | 'new';
}

export interface CheckOutcome {
  rule: CheckRule;
  rows: CheckRow[];
  regressions: number;
  improvements: number;
  unchanged: number;
  missing: number;
  added: number;
}

type Flat = { model: string; task: string; method: string; metric: string; direction: 'max' | 'min'; mean: number | null; ciLow: number | null; ciHigh: number | null };

function flatten(report: Report): Map<string, Flat> {
  const out = new Map<string, Flat>();
  for (const e of report.entries)
    for (const m of e.test)
      out.set(JSON.stringify([e.model, e.task, e.method, m.name]), { model: e.model, task: e.task, method: e.method, metric: m.name, direction: m.direction, mean: m.mean, ciLow: m.ciLow, ciHigh: m.ciHigh });
  return out;
}

export function compareReports(current: Report, baseline: Report, rule: CheckRule): CheckOutcome {
  const cur = flatten(current);
  const base = flatten(baseline);
  const rows: CheckRow[] = [];
  for (const [key, b] of base) {
    const c = cur.get(key);
    const baselineCi: [number, number] | null = b.ciLow !== null && b.ciHigh !== null ? [b.ciLow, b.ciHigh] : null;
    const common = { model: b.model, task: b.task, method: b.method, metric: b.metric, direction: b.direction, baseline: b.mean, baselineCi };
    if (!c) {
      rows.push({ ...common, current: null, delta: null, verdict: 'missing' });
      continue;
    }
    const judged = judge(c.mean, b, b.direction, rule);
    rows.push({ ...common, current: c.mean, delta: judged.delta, verdict: judged.verdict });
  }
  for (const [key, c] of cur) {
    if (base.has(key)) continue;
    rows.push({ model: c.model, task: c.task, method: c.method, metric: c.metric, direction: c.direction, baseline: null, baselineCi: null, current: c.mean, delta: null, verdict: 'new' });
  }
  const count = (v: CheckRow['verdict']) => rows.filter((r) => r.verdict === v).length;
  return { rule, rows, regressions: count('regression'), improvements: count('improvement'), unchanged: count('unchanged'), missing: count('missing'), added: count('new') };
}

/**
 * The rule: the command line's, else the suite's report.check as the current report records it
 * (checkRule: the suite as it is now), else the baseline report's, else ci.
 */
export function chooseRule(cli: CheckRule | undefined, current: Report, baseline: Report): CheckRule {
  return cli ?? current.checkRule ?? baseline.checkRule ?? { rule: 'ci' };
}

export function exitCodeOf(outcome: CheckOutcome): 0 | 1 {
  return outcome.regressions + outcome.missing > 0 ? 1 : 0;
}
