/**
 * Assembles the report bundle in memory (pure apart from rendering): report.json, README.md,
 * index.html, charts/<name>.vl.json|svg|png|pdf, tables/<name>.csv|tex (margins*: the margins over the majority class beside each main*) — those the selection asks
 * for (default: all). Paths are relative to the output directory and listed in sorted order.
 * The text files are built while the chart images are still being rendered.
 */
import type { Report } from '../types/report.ts';
import { fullSelection, imagesNeeded, type BundleSelection } from './bundle-selection.ts';
import { threadRenderer, type ChartRenderer } from './charts/chart-renderer.ts';
import type { ChartImages } from './charts/render.ts';
import { buildChartSpecs, type ChartSpec } from './charts/specs.ts';
import { renderCsv } from './render/csv.ts';
import { renderHtml } from './render/html.ts';
import { renderLatex } from './render/latex.ts';
import { renderMarkdown } from './render/markdown.ts';
import { comparisonTable, costTable, mainTables, marginTables, runsTable, selectionTable } from './render/table-model.ts';
import { stableStringify } from './stable-json.ts';

export type BundleFiles = Map<string, string | Uint8Array>;

/** Charts are rendered by `renderer` (default: this thread), starting now. */
export async function buildBundle(
  report: Report,
  fontFiles: readonly string[],
  selection: BundleSelection = fullSelection,
  renderer: ChartRenderer = threadRenderer(),
): Promise<BundleFiles> {
  const specs = buildChartSpecs(report);
  return assembleBundle(report, specs, renderer.render(specs, fontFiles, imagesNeeded(selection)), selection);
}

/** The bundle from a report and its charts' rendering, already under way (see generate-report.ts). */
export async function assembleBundle(report: Report, specs: readonly ChartSpec[], images: ChartImages, selection: BundleSelection): Promise<BundleFiles> {
  const files: BundleFiles = new Map();
  const { formats, charts } = selection;
  if (formats.has('json')) files.set('report.json', stableStringify({ $schema: 'https://reftbench.dev/schemas/report.schema.json', ...report }));
  if (formats.has('markdown')) files.set('README.md', renderMarkdown(report, specs, selection));
  if (charts.has('vl.json')) for (const chart of specs) files.set(`charts/${chart.name}.vl.json`, stableStringify(chart.spec));
  const margins = marginTables(report).filter((t) => t !== null);
  for (const table of [...mainTables(report), ...margins, comparisonTable(report), selectionTable(report), costTable(report)]) {
    if (formats.has('csv')) files.set(`tables/${table.name}.csv`, renderCsv(table));
    if (formats.has('latex')) files.set(`tables/${table.name}.tex`, renderLatex(table));
  }
  if (formats.has('csv')) files.set('tables/runs.csv', renderCsv(runsTable(report)));
  const svgs = await images.svgs;
  if (formats.has('html')) files.set('index.html', renderHtml(report, specs.map((chart, i) => ({ name: chart.name, title: chart.title, caption: chart.caption, svg: svgs[i]! }))));
  if (charts.has('svg')) specs.forEach((chart, i) => files.set(`charts/${chart.name}.svg`, `${svgs[i]!}\n`));
  const pngs = await images.pngs;
  if (charts.has('png')) specs.forEach((chart, i) => files.set(`charts/${chart.name}.png`, pngs[i]!));
  const pdfs = await images.pdfs;
  if (charts.has('pdf')) specs.forEach((chart, i) => files.set(`charts/${chart.name}.pdf`, pdfs[i]!));
  return new Map([...files.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)));
}
