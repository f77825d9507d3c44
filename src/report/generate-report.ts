/**
 * `reftbench report` end to end, as one function other stages (the `bench` command) can call:
 *   1. open the chart renderer (for a large report on a machine with a free core, or when
 *      REFTBENCH_CHARTS=worker, a worker thread, which starts importing the chart libraries now)
 *   2. load and validate results
 *   3. draft the report (everything but the comparisons) and start rendering its charts
 *   4. the comparisons, then the text files, while the charts render (in this thread: after the
 *      SVGs' layout, while resvg rasterises them on its own threads)
 *   5. write the bundle atomically
 */
import { readdirSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { basename, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { reportMessages } from '../messages/index.ts';
import type { Report } from '../types/report.ts';
import { assembleBundle } from './bundle.ts';
import { imagesNeeded, selectionOf } from './bundle-selection.ts';
import { completeReport, draftReport } from './build-report.ts';
import { threadRenderer, workerRenderer, type ChartRenderer } from './charts/chart-renderer.ts';
import { findFontFiles } from './charts/font.ts';
import { buildChartSpecs } from './charts/specs.ts';
import { loadResults } from './load-results.ts';
import type { ReportOptions } from './report-options.ts';
import { resolveReportOptions, suiteReportOptions } from './resolve-options.ts';
import { checkOutDir, writeBundle } from './write-bundle.ts';

export interface GeneratedReport {
  report: Report;
  out: string;
  files: number;
  /** The bundle's files, relative to `out`, sorted. */
  paths: string[];
}

/** From this many result files on, charts may be rendered on a worker thread (below it, starting one costs more than it saves). */
export const WORKER_FROM_RESULTS = 1000;

/**
 * A worker only helps when a second core is free: it adds about a second of CPU (its own module
 * loading), which on a machine already busy with other work costs more than the overlap gains
 * (measured in docs/measurements/report-speed-*.md). The choice never changes the output.
 */
function workerPays(resultFiles: number): boolean {
  const cores = availableParallelism();
  return resultFiles >= WORKER_FROM_RESULTS && cores >= 2 && loadavg()[0]! <= cores - 1;
}

/** The renderer for a report: REFTBENCH_CHARTS=worker or =thread decides; otherwise workerPays does. */
function chooseRenderer(env: NodeJS.ProcessEnv, dir: string): ChartRenderer {
  const choice = env.REFTBENCH_CHARTS;
  if (choice !== undefined && choice !== 'worker' && choice !== 'thread') throw new UserError(reportMessages.badChartsSetting(choice));
  const onWorker = choice === undefined ? workerPays(fileCount(dir)) : choice === 'worker';
  return onWorker ? workerRenderer() : threadRenderer();
}

function fileCount(dir: string): number {
  try {
    return readdirSync(dir).filter((n) => n.endsWith('.json')).length;
  } catch {
    return 0; // loadResults reports the missing folder
  }
}

/** Stages generateReport reports as it passes them (for the benchmark's timings). */
export type ReportStage = 'results loaded' | 'draft' | 'comparisons' | 'SVGs rendered' | 'PNGs rendered' | 'bundle assembled' | 'written';

export interface GenerateOptions {
  /** Where charts are rendered (default: a worker for large reports, else this thread); the caller closes it. */
  renderer?: ChartRenderer;
  /** Called as each stage ends. */
  onStage?: (stage: ReportStage) => void;
}

/**
 * `out` undefined: the default folder (see defaultOutDir) under `cwd`. `options`: settings given on
 * the command line; the rest come from the suite's report options in the results, else the defaults.
 */
export async function generateReport(
  resultsDir: string,
  out: string | undefined,
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: Partial<ReportOptions> = {},
  how: GenerateOptions = {},
): Promise<GeneratedReport> {
  const stage = how.onStage ?? (() => {});
  const fontFiles = findFontFiles(env);
  const dir = resolve(cwd, resultsDir);
  // A folder given on the command line is checked before any work (writeBundle checks again).
  const given = out === undefined ? undefined : resolve(cwd, out);
  if (given !== undefined) checkOutDir(given);
  // 1. chart renderer
  const charts = how.renderer ?? chooseRenderer(env, dir);
  try {
    // 2. results
    const loaded = loadResults(dir);
    stage('results loaded');
    // 3. draft and charts
    const suite = suiteReportOptions(loaded);
    const selection = selectionOf(suite);
    const draft = draftReport(loaded, resolveReportOptions(loaded, options));
    stage('draft');
    const specs = buildChartSpecs(draft.report);
    const images = charts.render(specs, fontFiles, imagesNeeded(selection));
    images.svgs.then(() => stage('SVGs rendered'), () => {});
    images.pngs.then(() => stage('PNGs rendered'), () => {});
    // In this thread, vega's layout goes first: resvg then rasterises the SVGs on its own threads
    // while this one computes the comparisons and text files (a failure surfaces in assembleBundle).
    if (charts.inThisThread) await images.svgs.catch(() => {});
    // 4. comparisons and text files
    const report = completeReport(draft);
    stage('comparisons');
    const files = await assembleBundle(report, specs, images, selection);
    stage('bundle assembled');
    // 5. write
    const target = given ?? resolve(cwd, defaultOutDir(report.suite.name, basename(dir)));
    writeBundle(target, files);
    stage('written');
    return { report, out: target, files: files.size, paths: [...files.keys()] };
  } finally {
    if (!how.renderer) await charts.close();
  }
}

/** reports/<suite>/ when the suite name is safe as a folder name, else reports/<results folder name>/. */
export function defaultOutDir(suiteName: string, resultsDirName: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(suiteName) ? `reports/${suiteName}` : `reports/${resultsDirName}`;
}
