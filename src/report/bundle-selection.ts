/**
 * Which files a report bundle holds, from the suite's report.formats and report.charts (both
 * default to everything): json → report.json, markdown → README.md, html → index.html,
 * csv → tables/*.csv, latex → tables/*.tex; svg, png, pdf, vl.json → charts/<name>.<ext>.
 */
import type { ReportOptions as SuiteReportOptions } from '../types/suite.ts';

export type ReportFormat = NonNullable<SuiteReportOptions['formats']>[number];
export type ChartFormat = NonNullable<SuiteReportOptions['charts']>[number];

export interface BundleSelection {
  formats: ReadonlySet<ReportFormat>;
  charts: ReadonlySet<ChartFormat>;
}

export const allFormats: readonly ReportFormat[] = ['json', 'markdown', 'csv', 'latex', 'html'];
export const allChartFormats: readonly ChartFormat[] = ['svg', 'png', 'pdf', 'vl.json'];

export const fullSelection: BundleSelection = { formats: new Set(allFormats), charts: new Set(allChartFormats) };

/** The suite's choice; a list left out means all of its kind. */
export function selectionOf(options: Pick<SuiteReportOptions, 'formats' | 'charts'> | undefined): BundleSelection {
  return { formats: new Set(options?.formats ?? allFormats), charts: new Set(options?.charts ?? allChartFormats) };
}

/** The images the selection needs: SVG for .svg files and the HTML page (it inlines them), PNG for .png files, PDF for .pdf files. */
export function imagesNeeded(selection: BundleSelection): { svg: boolean; png: boolean; pdf: boolean } {
  return { svg: selection.charts.has('svg') || selection.formats.has('html'), png: selection.charts.has('png'), pdf: selection.charts.has('pdf') };
}
