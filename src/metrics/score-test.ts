/**
 * The final scoring step: the one place predictions on the test split meet its labels. Called by the
 * runner for final runs only; selection (trials, early stopping) scores dev splits with `scoreMetrics`.
 */
import type { TestSplit } from '../data/sealed-test-split.ts';
import { withdrawTestLabels } from '../data/test-labels.ts';
import type { SuiteMetric } from '../types/suite.ts';
import { scoreMetrics, type MetricValues, type Predictions } from './score.ts';

/** The task's metrics of `predictions` (one per test input, in order) against the sealed test labels. */
export function scoreTestSplit(split: TestSplit, metrics: readonly SuiteMetric[], predictions: Predictions): MetricValues {
  return scoreMetrics(metrics, predictions, withdrawTestLabels(split));
}
