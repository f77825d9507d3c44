/**
 * The bundle's README.md: main table and its margins over the majority class, comparisons, protocol, charts, selection, cost, environment,
 * failures. Charts show as their PNG (else SVG) and link only to the files the bundle holds.
 */
import { completenessOf, describeGaps } from '../completeness.ts';
import type { Report } from '../../types/report.ts';
import { fullSelection, type BundleSelection } from '../bundle-selection.ts';
import { formatCount, formatDuration, formatFlops } from './format.ts';
import { columnAlignment } from './align.ts';
import { printable } from './printable.ts';
import { levelLabel } from '../budget-level.ts';
import { comparisonTable, costTable, mainTables, marginTables, selectionTable, type Table } from './table-model.ts';

/**
 * Escapes a string from a suite or result for Markdown (tables and inline text): inline markup and
 * HTML backslash-escaped, an entity reference's `&` too (`&#x202E;` stays text), line breaks as
 * spaces, and other control and bidirectional characters shown as \uXXXX (printable.ts), so a string
 * can neither end a table row or paragraph, nor open HTML, nor reverse the text after it.
 */
export function escapeMarkdown(text: string): string {
  return printable(
    text
      .replace(/[\\`*_[\]<>|~]|&(?=#?[A-Za-z0-9]+;)/g, (c) => `\\${c}`)
      .replace(/\r\n?|\n/g, ' '),
  );
}

/** A string shown as inline code (the suite hash): no backticks, and no line break that could end the span. */
export function markdownCode(text: string): string {
  return `\`${printable(text.replaceAll('`', ''))}\``;
}

function markdownTable(table: Table): string {
  const head = `| ${table.headers.map(escapeMarkdown).join(' | ')} |`;
  const rule = `|${columnAlignment(table).map((a) => (a === 'right' ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = table.rows.map((r) => `| ${r.display.map((c) => (c.best ? `**${escapeMarkdown(c.text)}**` : escapeMarkdown(c.text))).join(' | ')} |`);
  return [head, rule, ...rows].join('\n');
}

export function renderMarkdown(report: Report, charts: readonly { name: string; title: string; caption?: string }[], files: BundleSelection = fullSelection): string {
  const e = escapeMarkdown;
  const gaps = describeGaps(completenessOf(report));
  const lines: string[] = [];
  lines.push(`# Report: ${e(report.suite.name)}`, '');
  lines.push(
    `Suite hash ${markdownCode(report.suite.hash)} · ${report.counts.runs} runs (${report.counts.trials} tuning trials, ${report.counts.finals} final runs; ${report.counts.ok} ok, ${report.counts.failed} failed, ${report.counts.diverged} diverged, ${report.counts.timeout} timed out).`,
    '',
    ...(gaps ? [`**${e(gaps)}**`, ''] : []),
    `Compute spent by all runs: ${formatDuration(report.totals.wallSeconds)} of run time, ${formatFlops(report.totals.flops)} training FLOPs, ${formatCount(report.totals.tokens)} training tokens; on ${report.environment.hardware.map((h) => `${e(h.device)} (${e(h.cpu)}, ${h.cores} cores)`).join(', ')}.`,
    '',
  );
  const margins = marginTables(report);
  mainTables(report).forEach((table, i) => {
    lines.push(`## ${e(table.heading ?? 'Results')}`, '', e(table.caption), '', markdownTable(table), '');
    const margin = margins[i];
    if (margin) lines.push('### Above the majority class', '', e(margin.caption), '', markdownTable(margin), '');
  });
  lines.push('## Comparisons: ReFT vs baselines', '');
  if (report.comparisons.length === 0) lines.push('No ReFT method and baseline share a task, so there is nothing to compare.', '');
  else {
    const table = comparisonTable(report);
    lines.push(e(table.caption), '', markdownTable(table), '');
  }
  lines.push('## Protocol', '', ...report.protocol.text.map((t) => `- ${e(t)}`), '', '### Statistics', '', ...report.statistics.text.map((t) => `- ${e(t)}`), '');
  const has = files.charts;
  const image = has.has('png') ? 'png' : has.has('svg') ? 'svg' : undefined;
  if (has.size > 0) lines.push('## Charts', '');
  for (const chart of has.size > 0 ? charts : []) {
    lines.push(`### ${e(chart.title)}`, '');
    if (image) lines.push(`![${e(chart.title)}](charts/${chart.name}.${image})`, '');
    if (chart.caption) lines.push(e(chart.caption), '');
    const links = [
      ...(has.has('vl.json') ? [`Vega-Lite spec: [charts/${chart.name}.vl.json](charts/${chart.name}.vl.json)`] : []),
      ...(has.has('svg') ? [`SVG: [charts/${chart.name}.svg](charts/${chart.name}.svg)`] : []),
      ...(has.has('pdf') ? [`PDF (for LaTeX's \\includegraphics): [charts/${chart.name}.pdf](charts/${chart.name}.pdf)`] : []),
    ];
    if (links.length > 0) lines.push(links.join(' · '), '');
  }
  const selection = selectionTable(report);
  lines.push('## Selection (dev only)', '', e(selection.caption), '', markdownTable(selection), '');
  const cost = costTable(report);
  lines.push('## Parameters and cost', '', e(cost.caption), '', markdownTable(cost), '');
  lines.push('## Environment', '');
  lines.push(`- Harness: ${report.harness.versions.map(e).join(', ')} (commits ${report.harness.commits.map(e).join(', ')})`);
  lines.push(`- Engines: ${report.environment.engines.map(e).join(', ')}`);
  for (const [name, versions] of Object.entries(report.environment.libraries)) lines.push(`- ${e(name)}: ${(versions ?? []).map(e).join(', ')}`);
  for (const h of report.environment.hardware)
    lines.push(`- Hardware: ${e(h.device)}, ${e(h.cpu)}, ${h.cores} cores, ${(h.memoryBytes / 2 ** 30).toFixed(1)} GiB (${h.runs} runs)`);
  lines.push('');
  lines.push('## Failed runs', '');
  if (report.failures.length === 0) lines.push('None.', '');
  else for (const f of report.failures) lines.push(`- ${e(f.runId)} (${e(f.task)}, ${e(f.method)}${f.budget ? `, ${e(levelLabel(f.budget))}` : ''}, ${f.phase} ${f.phase === 'trial' ? f.trial : `seed ${f.seed}`}): ${e(f.status)}: ${e(f.reason)}`);
  const tables = [...(files.formats.has('csv') ? ['CSV'] : []), ...(files.formats.has('latex') ? ['LaTeX'] : [])];
  const where = [
    ...(tables.length > 0 ? [`Tables as ${tables.join(' and ')} are in [tables/](tables/)`] : []),
    ...(files.formats.has('json') ? ['everything above is in [report.json](report.json)'] : []),
  ];
  lines.push('', ...(where.length > 0 ? [`${where.join('; ')}.`] : []), '');
  return lines.join('\n');
}
