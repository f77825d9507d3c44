/**
 * The check stage's pure core: current report + baseline report + rule → one row per
 * (model, task, method, metric) — and budget level, for entries of a compute-ladder report, so two
 * ladder reports compare level by level — with its verdict, in the baseline's order followed by new rows.
 * A row missing from the current report, or one with no score there (every final run gone), is
 * "missing"; one scored over fewer seeds than the baseline's is "incomplete"; both fail the check.
 * A new row is reported but never fails the check.
 */
import { levelKey, levelLabel } from '../report/budget-level.ts';
import type { CheckRule, Report } from '../types/report.ts';
import { judge, type Verdict } from './rules.ts';

export interface CheckRow {
  model: string;
  task: string;
  method: string;
  /** The budget level, for people (a compute-ladder report's rows only). */
  budget?: string;
  metric: string;
  direction: 'max' | 'min';
  baseline: number | null;
  baselineCi: [number, number] | null;
  current: number | null;
  delta: number | null;
  /** Seeds with a score in the baseline and in the current report (null for a row one of them lacks). */
  seeds: [number, number] | null;
  verdict: Verdict | 'missing' | 'incomplete' | 'new';
}

export interface CheckOutcome {
  rule: CheckRule;
  rows: CheckRow[];
  regressions: number;
  improvements: number;
  unchanged: number;
  missing: number;
  incomplete: number;
  added: number;
}

type Flat = { model: string; task: string; method: string; budget?: string; metric: string; direction: 'max' | 'min'; mean: number | null; ciLow: number | null; ciHigh: number | null; n: number };

function flatten(report: Report): Map<string, Flat> {
  const out = new Map<string, Flat>();
  for (const e of report.entries)
    for (const m of e.test)
      out.set(JSON.stringify(e.budget ? [e.model, e.task, e.method, m.name, levelKey(e.budget.level)] : [e.model, e.task, e.method, m.name]), {
        model: e.model,
        task: e.task,
        method: e.method,
        ...(e.budget ? { budget: levelLabel(e.budget.level) } : {}),
        metric: m.name,
        direction: m.direction,
        mean: m.mean,
        ciLow: m.ciLow,
        ciHigh: m.ciHigh,
        n: m.n,
      });
  return out;
}

export function compareReports(current: Report, baseline: Report, rule: CheckRule): CheckOutcome {
  const cur = flatten(current);
  const base = flatten(baseline);
  const rows: CheckRow[] = [];
  for (const [key, b] of base) {
    const c = cur.get(key);
    const baselineCi: [number, number] | null = b.ciLow !== null && b.ciHigh !== null ? [b.ciLow, b.ciHigh] : null;
    const common = { model: b.model, task: b.task, method: b.method, ...(b.budget === undefined ? {} : { budget: b.budget }), metric: b.metric, direction: b.direction, baseline: b.mean, baselineCi };
    if (!c) {
      rows.push({ ...common, seeds: null, current: null, delta: null, verdict: 'missing' });
      continue;
    }
    const judged = judge(c.mean, b, b.direction, rule);
    const seeds: [number, number] = [b.n, c.n];
    const verdict = b.mean !== null && c.mean === null ? 'missing' : c.n < b.n ? 'incomplete' : judged.verdict;
    rows.push({ ...common, seeds, current: c.mean, delta: judged.delta, verdict });
  }
  for (const [key, c] of cur) {
    if (base.has(key)) continue;
    rows.push({ model: c.model, task: c.task, method: c.method, ...(c.budget === undefined ? {} : { budget: c.budget }), metric: c.metric, direction: c.direction, baseline: null, baselineCi: null, seeds: null, current: c.mean, delta: null, verdict: 'new' });
  }
  const count = (v: CheckRow['verdict']) => rows.filter((r) => r.verdict === v).length;
  return {
    rule,
    rows,
    regressions: count('regression'),
    improvements: count('improvement'),
    unchanged: count('unchanged'),
    missing: count('missing'),
    incomplete: count('incomplete'),
    added: count('new'),
  };
}

/**
 * The rule: the command line's, else the baseline report's checkRule (the suite's report.check when
 * the baseline was made: committed and reviewed with it). Never the report under test's: a change
 * under test must not set its own gate. Undefined when neither names one (the caller refuses that).
 */
export function chooseRule(cli: CheckRule | undefined, baseline: Report): CheckRule | undefined {
  return cli ?? baseline.checkRule;
}

/** True when the outcome fails the check: a regression, a missing row or a row with fewer seeds. */
export function failed(outcome: CheckOutcome): boolean {
  return outcome.regressions + outcome.missing + outcome.incomplete > 0;
}

export function exitCodeOf(outcome: CheckOutcome): 0 | 1 {
  return failed(outcome) ? 1 : 0;
}
