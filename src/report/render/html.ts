/**
 * index.html: one self-contained page (inline CSS and SVG charts, no scripts, no network: a
 * Content-Security-Policy forbids both). Every string from suites or results is HTML-escaped.
 */
import { completenessOf, describeGaps } from '../completeness.ts';
import type { Report } from '../../types/report.ts';
import { formatCount, formatDuration, formatFlops } from './format.ts';
import { columnAlignment } from './align.ts';
import { withoutBidi } from './printable.ts';
import { levelLabel } from '../budget-level.ts';
import { comparisonTable, costTable, mainTables, marginTables, selectionTable, type Table } from './table-model.ts';

/** HTML-escapes a string from a suite or result; its bidirectional and control characters are shown as \uXXXX (printable.ts). */
export function escapeHtml(text: string): string {
  return withoutBidi(text).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function htmlTable(table: Table): string {
  const right = columnAlignment(table).map((a) => a === 'right');
  const cls = (i: number, best = false) => {
    const names = [...(right[i] ? ['num'] : []), ...(best ? ['best'] : [])];
    return names.length > 0 ? ` class="${names.join(' ')}"` : '';
  };
  const head = `<tr>${table.headers.map((h, i) => `<th${cls(i)}>${escapeHtml(h)}</th>`).join('')}</tr>`;
  const rows = table.rows.map((r) => `<tr>${r.display.map((c, i) => `<td${cls(i, c.best)}>${escapeHtml(c.text)}</td>`).join('')}</tr>`);
  return `<figure><table><thead>${head}</thead><tbody>\n${rows.join('\n')}\n</tbody></table><figcaption>${escapeHtml(table.caption)}</figcaption></figure>`;
}

/** Screen: text columns left, numbers right, charts as wide as the page allows. Print: the same on A4/Letter, nothing split across pages that need not be. */
const STYLE = `body{font-family:"DejaVu Sans",Verdana,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}
table{border-collapse:collapse;font-size:.9em;margin:.5em 0}th,td{border-bottom:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th.num,td.num{text-align:right}td.num{white-space:nowrap}td{overflow-wrap:break-word}td.best{font-weight:bold}figure{margin:1em 0}figcaption{font-size:.85em;color:#555;max-width:60em}
.chart svg{display:block;max-width:100%;height:auto}code{background:#f4f4f4;padding:0 .2em;overflow-wrap:anywhere}li{overflow-wrap:anywhere}
@media print{@page{margin:15mm}body{margin:0;max-width:none;padding:0;font-size:9.5pt}table{font-size:7.5pt}th,td{padding:.15em .3em}h2,h3{break-after:avoid}
figure,.chart,tr{break-inside:avoid}thead{display:table-header-group}code{background:none}}`;

export function renderHtml(report: Report, charts: readonly { name: string; title: string; caption?: string; svg: string }[]): string {
  const e = escapeHtml;
  const parts: string[] = [];
  parts.push('<!DOCTYPE html>', '<html lang="en">', '<head>', '<meta charset="utf-8">');
  parts.push(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  parts.push('<meta name="viewport" content="width=device-width, initial-scale=1">');
  parts.push(`<title>Report: ${e(report.suite.name)}</title>`, `<style>${STYLE}</style>`, '</head>', '<body>');
  parts.push(`<h1 id="suite-name">Report: ${e(report.suite.name)}</h1>`);
  parts.push(`<p>Suite hash <code>${e(report.suite.hash)}</code> · ${report.counts.runs} runs (${report.counts.trials} tuning trials, ${report.counts.finals} final runs; ${report.counts.ok} ok, ${report.counts.failed} failed, ${report.counts.diverged} diverged, ${report.counts.timeout} timed out).</p>`);
  const gaps = describeGaps(completenessOf(report));
  if (gaps) parts.push(`<p><strong>${e(gaps)}</strong></p>`);
  parts.push(`<p>Compute spent by all runs: ${formatDuration(report.totals.wallSeconds)} of run time, ${formatFlops(report.totals.flops)} training FLOPs, ${formatCount(report.totals.tokens)} training tokens; on ${report.environment.hardware.map((h) => `${e(h.device)} (${e(h.cpu)}, ${h.cores} cores)`).join(', ')}.</p>`);
  const margins = marginTables(report);
  parts.push(
    '<h2>Results</h2>',
    ...mainTables(report).map((t, i) => {
      const margin = margins[i];
      const main = t.heading ? `<h3>${e(t.heading)}</h3>\n${htmlTable(t)}` : htmlTable(t);
      return margin ? `${main}\n<h4>Above the majority class</h4>\n${htmlTable(margin)}` : main;
    }),
  );
  parts.push('<h2>Comparisons: ReFT vs baselines</h2>', report.comparisons.length === 0 ? '<p>No ReFT method and baseline share a task.</p>' : htmlTable(comparisonTable(report)));
  parts.push('<h2>Protocol</h2>', `<ul>${report.protocol.text.map((t) => `<li>${e(t)}</li>`).join('')}</ul>`);
  parts.push('<h3>Statistics</h3>', `<ul>${report.statistics.text.map((t) => `<li>${e(t)}</li>`).join('')}</ul>`);
  parts.push('<h2>Charts</h2>');
  for (const chart of charts) {
    const caption = chart.caption ? `<figcaption>${e(chart.caption)}</figcaption>` : '';
    parts.push(`<figure class="chart" id="chart-${e(chart.name)}"><h3>${e(chart.title)}</h3>\n${chart.svg.replace(/^<\?xml[^>]*>/, '')}\n${caption}</figure>`);
  }
  parts.push('<h2>Selection (dev only)</h2>', htmlTable(selectionTable(report)));
  parts.push('<h2>Parameters and cost</h2>', htmlTable(costTable(report)));
  parts.push('<h2>Environment</h2>', '<ul>');
  parts.push(`<li>Harness: ${report.harness.versions.map(e).join(', ')} (commits ${report.harness.commits.map(e).join(', ')})</li>`);
  parts.push(`<li>Engines: ${report.environment.engines.map(e).join(', ')}</li>`);
  for (const [name, versions] of Object.entries(report.environment.libraries)) parts.push(`<li>${e(name)}: ${(versions ?? []).map(e).join(', ')}</li>`);
  for (const h of report.environment.hardware) parts.push(`<li>Hardware: ${e(h.device)}, ${e(h.cpu)}, ${h.cores} cores, ${(h.memoryBytes / 2 ** 30).toFixed(1)} GiB (${h.runs} runs)</li>`);
  parts.push('</ul>', '<h2>Failed runs</h2>');
  parts.push(
    report.failures.length === 0
      ? '<p>None.</p>'
      : `<ul>${report.failures.map((f) => `<li>${e(f.runId)} (${e(f.task)}, ${e(f.method)}${f.budget ? `, ${e(levelLabel(f.budget))}` : ''}, ${e(f.phase)}): ${e(f.status)}: ${e(f.reason)}</li>`).join('')}</ul>`,
  );
  parts.push('</body>', '</html>', '');
  return parts.join('\n');
}
