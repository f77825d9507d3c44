/** The check result as a plain-text table (terminal) and as Markdown (a CI job summary). */
import { escapeMarkdown } from '../report/render/markdown.ts';
import type { CheckOutcome, CheckRow } from './compare-reports.ts';
import { describeRule } from './rules.ts';

const LABEL: Record<CheckRow['verdict'], string> = {
  regression: 'REGRESSION',
  improvement: 'improved',
  unchanged: 'unchanged',
  missing: 'MISSING',
  new: 'new',
};

const num = (v: number | null) => (v === null ? '–' : v.toFixed(4));
const signed = (v: number | null) => (v === null ? '–' : `${v >= 0 ? '+' : ''}${v.toFixed(4)}`);

function cells(r: CheckRow): string[] {
  const ci = r.baselineCi ? ` [${num(r.baselineCi[0])}, ${num(r.baselineCi[1])}]` : '';
  return [LABEL[r.verdict], r.model, r.task, r.method, `${r.metric} (${r.direction === 'max' ? '↑' : '↓'})`, `${num(r.baseline)}${ci}`, num(r.current), signed(r.delta)];
}

const HEADERS = ['status', 'model', 'task', 'method', 'metric', 'baseline [CI]', 'current', 'Δ'];

export function summaryLine(outcome: CheckOutcome): string {
  return `${outcome.regressions} regression(s), ${outcome.missing} missing, ${outcome.improvements} improvement(s), ${outcome.unchanged} unchanged, ${outcome.added} new — rule: ${describeRule(outcome.rule)}`;
}

export function renderCheckText(outcome: CheckOutcome): string {
  const table = [HEADERS, ...outcome.rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...table.map((row) => (row[i] ?? '').length)));
  const lines = table.map((row) => row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return [...lines, '', summaryLine(outcome)].join('\n');
}

export function renderCheckMarkdown(outcome: CheckOutcome, suite: string): string {
  const failed = outcome.regressions + outcome.missing > 0;
  const rows = outcome.rows.map((r) => `| ${cells(r).map((c, i) => (i === 0 && (r.verdict === 'regression' || r.verdict === 'missing') ? `**${c}**` : escapeMarkdown(c))).join(' | ')} |`);
  return [
    `## reftbench check: ${escapeMarkdown(suite)} — ${failed ? 'regression found' : 'no regression'}`,
    '',
    escapeMarkdown(summaryLine(outcome)),
    '',
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map(() => ' --- ').join('|')}|`,
    ...rows,
    '',
  ].join('\n');
}
