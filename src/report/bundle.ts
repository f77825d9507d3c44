/**
 * Assembles the report bundle in memory (pure apart from rendering): report.json, README.md,
 * index.html, charts/<name>.vl.json|svg|png, tables/<name>.csv|tex. Paths are relative to the
 * output directory and listed in sorted order.
 */
import type { Report } from '../types/report.ts';
import { renderCharts } from './charts/render.ts';
import { buildChartSpecs } from './charts/specs.ts';
import { renderCsv } from './render/csv.ts';
import { renderHtml } from './render/html.ts';
import { renderLatex } from './render/latex.ts';
import { renderMarkdown } from './render/markdown.ts';
import { comparisonTable, costTable, mainTables, runsTable, selectionTable } from './render/table-model.ts';
import { stableStringify } from './stable-json.ts';

export type BundleFiles = Map<string, string | Uint8Array>;

export async function buildBundle(report: Report, fontFiles: readonly string[]): Promise<BundleFiles> {
  const files: BundleFiles = new Map();
  const charts = await renderCharts(buildChartSpecs(report), fontFiles);
  files.set('report.json', stableStringify({ $schema: 'https://reftbench.dev/schemas/report.schema.json', ...report }));
  files.set('README.md', renderMarkdown(report, charts));
  files.set('index.html', renderHtml(report, charts));
  for (const chart of charts) {
    files.set(`charts/${chart.name}.vl.json`, stableStringify(chart.vegaLite));
    files.set(`charts/${chart.name}.svg`, `${chart.svg}\n`);
    files.set(`charts/${chart.name}.png`, chart.png);
  }
  for (const table of [...mainTables(report), comparisonTable(report), selectionTable(report), costTable(report)]) {
    files.set(`tables/${table.name}.csv`, renderCsv(table));
    files.set(`tables/${table.name}.tex`, renderLatex(table));
  }
  files.set('tables/runs.csv', renderCsv(runsTable(report)));
  return new Map([...files.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}
