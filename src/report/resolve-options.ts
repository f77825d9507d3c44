/**
 * The statistics settings of a report: the defaults, overridden by the suite's report options
 * (carried in every result's reportOptions), overridden by the command line.
 */
import type { LoadedResult } from './load-results.ts';
import { defaultReportOptions, type ReportOptions } from './report-options.ts';

export function resolveReportOptions(loaded: readonly LoadedResult[], cli: Partial<ReportOptions>): ReportOptions {
  const suite = loaded.find((l) => l.result.reportOptions)?.result.reportOptions;
  const fromSuite: Partial<ReportOptions> = {
    ...(suite?.confidence === undefined ? {} : { confidence: suite.confidence }),
    ...(suite?.bootstrap === undefined ? {} : { resamples: suite.bootstrap }),
  };
  return { ...defaultReportOptions, ...fromSuite, ...cli };
}
