/**
 * The final scoring step: the one place predictions on the test split meet its labels. Called by the
 * runner for final runs only; selection (trials, early stopping) scores dev splits with `scoreMetrics`.
 * Besides the metrics it hands back the per-example records a result file stores (prediction and
 * gold label side by side, in the test split's order), which the report's paired bootstrap over
 * test examples resamples; the labels leave this module only inside that record of a final run.
 */
import type { TestSplit } from '../data/sealed-test-split.ts';
import { withdrawTestLabels } from '../data/test-labels.ts';
import type { Predictions as TestRecords } from '../types/result.ts';
import type { SuiteMetric } from '../types/suite.ts';
import { extractAnswer, sameAnswer, type AnswerRule } from './exact-match.ts';
import { scoreMetrics, type MetricValues, type Predictions } from './score.ts';

export type { TestRecords };

/** A final run's test scores and the per-example records for its result file. */
export interface FinalTestScore {
  metrics: MetricValues;
  predictions: TestRecords;
}

/** The task's metrics of `predictions` (one per test input, in order) against the sealed test labels. */
export function scoreTestSplit(split: TestSplit, metrics: readonly SuiteMetric[], predictions: Predictions): MetricValues {
  return scoreMetrics(metrics, predictions, withdrawTestLabels(split));
}

/**
 * Per example, what was predicted: the class index or score (classification, regression); for a
 * causal LM the generation when the backend generated (the extracted answer when the task has an
 * extraction rule), else the example's mean token loss (nats over its response tokens, the unit
 * the worker protocol uses; an example without response tokens scores 0).
 */
function predictedValues(predictions: Predictions): (number | string)[] {
  if (predictions.kind === 'values') return Array.from(predictions.values);
  if (predictions.generations !== undefined) {
    const rule = predictions.answer;
    return rule === undefined ? [...predictions.generations] : predictions.generations.map((g) => extractAnswer(g, rule));
  }
  return Array.from(predictions.nllSums, (nll, i) => {
    const count = predictions.tokenCounts[i]!;
    return count > 0 ? nll / count : 0;
  });
}

/**
 * How a test record writes a reference in which the extraction rule finds no answer. exact_match never
 * counts such an example as a hit, so the record must not equal any predicted answer either (an
 * unanswered generation is '', which would make gold === predicted a hit in the report's bootstrap);
 * extracted answers never start with a space, so this text cannot be one.
 */
export const NO_REFERENCE_ANSWER = ' (no answer in the reference)';

/**
 * The records of generated answers: per example the reference's answer (or NO_REFERENCE_ANSWER) and
 * the generated one, written as the reference's when the rule calls them the same answer (a number
 * within the last_number tolerance), so gold === predicted holds exactly where exact_match counts a hit.
 */
function answerRecords(references: readonly string[], predicted: readonly string[], rule: AnswerRule): { gold: string[]; predicted: string[] } {
  const gold = references.map((r) => extractAnswer(r, rule));
  return {
    gold: gold.map((g) => (g === '' ? NO_REFERENCE_ANSWER : g)),
    predicted: predicted.map((p, i) => (sameAnswer(p, gold[i]!, rule) ? gold[i]! : p)),
  };
}

/**
 * Scores a final run's test predictions (one per test input, in order) against the sealed labels and
 * returns the metrics together with the per-example records (prediction, gold label and the example's
 * index in its source split) that the result file keeps for paired statistics.
 */
export function scoreFinalTest(split: TestSplit, metrics: readonly SuiteMetric[], predictions: Predictions): FinalTestScore {
  const references = withdrawTestLabels(split);
  const count = predictions.kind === 'values' ? predictions.values.length : predictions.nllSums.length;
  if (count !== split.inputs.length) throw new Error(`final scoring: ${count} predictions for ${split.inputs.length} test examples`);
  if (predictions.kind === 'lm' && predictions.generations === undefined && metrics.some((m) => m.name === 'exact_match')) {
    throw new Error('final scoring: exact_match needs the generated test answers, and the backend returned none');
  }
  // With an extraction rule the records hold the answers exact_match compares (the report's paired
  // bootstrap recomputes it from them as gold === predicted).
  const rule = predictions.kind === 'lm' && predictions.generations !== undefined ? predictions.answer : undefined;
  const gold = Array.from(references.values as ArrayLike<number | string>);
  const predicted = predictedValues(predictions);
  const records = rule === undefined ? { gold, predicted } : answerRecords(gold.map(String), predicted.map(String), rule);
  return {
    metrics: scoreMetrics(metrics, predictions, references),
    predictions: { split: 'test', exampleIds: [...split.sourceIndices], ...records },
  };
}
