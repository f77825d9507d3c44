/** Settings of the statistics in a report; all are recorded in report.json so a reader can redo them. */
import type { Correction } from '../stats/multiple-comparisons.ts';

export interface ReportOptions {
  /** Bootstrap resamples for every interval (1000: the usual choice for 95% percentile intervals). */
  resamples: number;
  /** Base seed of all resampling (each entry's interval and each test set's example resamples derive their own stream from it and their name). */
  seed: number;
  /** Two-sided confidence level of the intervals. */
  confidence: number;
  /** Multiple-comparison correction over all method-vs-baseline tests. */
  correction: Correction;
  /** Significance level applied to adjusted p-values. */
  alpha: number;
  /** The one method every ReFT method is compared with (the suite's report.baseline); unset: every baseline. */
  baseline?: string;
}

export const defaultReportOptions: ReportOptions = { resamples: 1000, seed: 0, confidence: 0.95, correction: 'holm', alpha: 0.05 };

/**
 * The fewest and most bootstrap resamples a report takes (`--resamples`, a suite's report.bootstrap:
 * schemas/suite.schema.json holds the same figures). A report's time grows with them (glue-mini: 5 s
 * at 1,000, 12.5 s at 10,000); 100,000 is far past what a bootstrap interval needs, and a suite
 * cannot ask for a count that runs for hours or exhausts memory.
 */
export const MIN_RESAMPLES = 100;
export const MAX_RESAMPLES = 100_000;
