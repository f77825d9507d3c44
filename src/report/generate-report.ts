/**
 * `reftbench report` end to end, as one function other stages (the `bench` command) can call:
 * load and validate results → build the report (pure) → render the bundle → write it atomically.
 */
import { basename, resolve } from 'node:path';
import type { Report } from '../types/report.ts';
import { buildBundle } from './bundle.ts';
import { buildReport } from './build-report.ts';
import { findFontFiles } from './charts/font.ts';
import { loadResults } from './load-results.ts';
import type { ReportOptions } from './report-options.ts';
import { resolveReportOptions } from './resolve-options.ts';
import { writeBundle } from './write-bundle.ts';

export interface GeneratedReport {
  report: Report;
  out: string;
  files: number;
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
): Promise<GeneratedReport> {
  const fontFiles = findFontFiles(env);
  const dir = resolve(cwd, resultsDir);
  const loaded = loadResults(dir);
  const report = buildReport(loaded, resolveReportOptions(loaded, options));
  const files = await buildBundle(report, fontFiles);
  out = resolve(cwd, out ?? defaultOutDir(report.suite.name, basename(dir)));
  writeBundle(out, files);
  return { report, out, files: files.size };
}

/** reports/<suite>/ when the suite name is safe as a folder name, else reports/<results folder name>/. */
export function defaultOutDir(suiteName: string, resultsDirName: string): string {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(suiteName) ? `reports/${suiteName}` : `reports/${resultsDirName}`;
}
