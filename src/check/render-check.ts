/**
 * The check result as a plain-text table (terminal, CI log: strings from the reports shown with
 * printable(), so an id cannot break or recolour a log line) and as Markdown (a CI job summary).
 */
import { escapeMarkdown } from '../report/render/markdown.ts';
import { failed, type CheckOutcome, type CheckRow } from './compare-reports.ts';
import { printable } from '../report/render/printable.ts';
import { describeRule } from './rules.ts';

const LABEL: Record<CheckRow['verdict'], string> = {
  regression: 'REGRESSION',
  improvement: 'improved',
  unchanged: 'unchanged',
  missing: 'MISSING',
  incomplete: 'INCOMPLETE',
  new: 'new',
};

const num = (v: number | null) => (v === null ? '–' : v.toFixed(4));
const signed = (v: number | null) => (v === null ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(4)}`);

function cells(r: CheckRow): string[] {
  const ci = r.baselineCi ? ` [${num(r.baselineCi[0])}, ${num(r.baselineCi[1])}]` : '';
  const seeds = r.seeds ? `${r.seeds[1]}/${r.seeds[0]}` : '–';
  return [LABEL[r.verdict], r.model, r.task, r.budget === undefined ? r.method : `${r.method} at ${r.budget}`, `${r.metric} (${r.direction === 'max' ? '↑' : '↓'})`, `${num(r.baseline)}${ci}`, num(r.current), signed(r.delta), seeds];
}

const HEADERS = ['status', 'model', 'task', 'method', 'metric', 'baseline [CI]', 'current', 'Δ', 'seeds (current/baseline)'];

export function summaryLine(outcome: CheckOutcome): string {
  const incomplete = outcome.incomplete > 0 ? `${outcome.incomplete} incomplete (fewer seeds than the baseline), ` : '';
  return `${outcome.regressions} regression(s), ${outcome.missing} missing, ${incomplete}${outcome.improvements} improvement(s), ${outcome.unchanged} unchanged, ${outcome.added} new — rule: ${describeRule(outcome.rule)}`;
}

export function renderCheckText(outcome: CheckOutcome): string {
  const table = [HEADERS, ...outcome.rows.map((r) => cells(r).map(printable))];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const lines = table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return [...lines, '', summaryLine(outcome)].join('\n');
}

export function renderCheckMarkdown(outcome: CheckOutcome, suite: string): string {
  const failing = new Set<CheckRow['verdict']>(['regression', 'missing', 'incomplete']);
  const rows = outcome.rows.map((r) => `| ${cells(r).map((c, i) => (i === 0 && failing.has(r.verdict) ? `**${c}**` : escapeMarkdown(c))).join(' | ')} |`);
  return [
    `## reftbench check: ${escapeMarkdown(suite)} — ${failed(outcome) ? 'regression found' : 'no regression'}`,
    '',
    escapeMarkdown(summaryLine(outcome)),
    '',
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map(() => ' --- ').join('|')}|`,
    ...rows,
    '',
  ].join('\n');
}
