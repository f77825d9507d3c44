/**
 * The settings of a report: the defaults, overridden by the suite's report options (the runner
 * copies the suite's `report` block into every result as `reportOptions`), overridden by the
 * command line.
 */
import type { ReportOptions as SuiteReportOptions } from '../types/result.ts';
import type { LoadedResult } from './load-results.ts';
import { defaultReportOptions, type ReportOptions } from './report-options.ts';

/** The suite's report block as the results carry it (the first result that has one). */
export function suiteReportOptions(loaded: readonly LoadedResult[]): SuiteReportOptions | undefined {
  return loaded.find((l) => l.result.reportOptions)?.result.reportOptions;
}

/**
 * The statistics settings. A comparison baseline with no results yet (a suite still running)
 * gives no comparisons, not an error; the suite stage has already checked that it is a method.
 */
export function resolveReportOptions(loaded: readonly LoadedResult[], cli: Partial<ReportOptions>): ReportOptions {
  const suite = suiteReportOptions(loaded);
  const fromSuite: Partial<ReportOptions> = {
    ...(suite?.confidence === undefined ? {} : { confidence: suite.confidence }),
    ...(suite?.bootstrap === undefined ? {} : { resamples: suite.bootstrap }),
    ...(suite?.baseline === undefined ? {} : { baseline: suite.baseline }),
  };
  return { ...defaultReportOptions, ...fromSuite, ...cli };
}
