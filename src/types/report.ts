/**
 * GENERATED from schemas/report.schema.json by scripts/gen-types.ts (npm run gen:types).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file drifts.
 */

/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Strings".
 */
export type Strings = string[];
/**
 * backend@engine-version pairs.
 */
export type Strings1 = string[];
/**
 * The protocol stated in words, one sentence each.
 */
export type Strings2 = string[];
/**
 * How the intervals and tests were computed, in words.
 */
export type Strings3 = string[];
/**
 * null where undefined (no successful run, a constant column).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Num".
 */
export type Num = number | null;

/**
 * reports/<suite>/report.json, written by `reftbench report` from a results directory and read by `reftbench check`. The same results give a byte-identical file (seeded resampling, sorted keys, no timestamps).
 */
export interface Report {
  $schema?: string;
  schemaVersion: 1;
  suite: {
    name: string;
    hash: string;
  };
  /**
   * Harness versions and git commits that produced the results (sorted, distinct).
   */
  harness: {
    versions: Strings;
    commits: Strings;
  };
  environment: {
    backends: Strings;
    engines: Strings1;
    libraries: {
      [k: string]: Strings | undefined;
    };
    hardware: HardwareSummary[];
  };
  protocol: {
    compute: Compute;
    /**
     * The tuning budget shared by every task (each task's selection metric is in tasks[]).
     */
    tuning: {
      strategy: 'grid' | 'random';
      trialsPerMethod: number;
      selectionSplit: 'dev';
      samplerSeed?: number;
    };
    seeds: number[];
    parameterBudget?: string;
    /**
     * Per task: its split protocol and selection metric.
     */
    tasks: TaskProtocol[];
    text: Strings2;
  };
  statistics: {
    confidence: number;
    bootstrapResamples: number;
    seed: number;
    correction: 'holm' | 'bh';
    alpha: number;
    /**
     * The smallest adjusted p-value any comparison of this report could reach (see Comparison.seedTest.smallestPAdjusted); null without tested comparisons. Absent in reports made before it was recorded.
     */
    smallestPAdjusted?: number | null;
    /**
     * The one method every ReFT method was compared with (the suite's report.baseline); absent: every baseline.
     */
    baseline?: string;
    text: Strings3;
  };
  checkRule?: CheckRule;
  counts: {
    runs: number;
    ok: number;
    failed: number;
    diverged: number;
    timeout: number;
    trials: number;
    finals: number;
  };
  /**
   * What all runs together spent (trials and finals, failed runs included).
   */
  totals: {
    wallSeconds: number;
    flops: number;
    tokens: number;
  };
  entries: Entry[];
  comparisons: Comparison[];
  tuningCurves: TuningCurve[];
  learningCurves: LearningCurve[];
  failures: FailureRow[];
  /**
   * Per model and task, the test score of one constant prediction for every example: the test set's most frequent label (classification, exact match) or its mean label (regression), from the gold labels the final runs' test records hold. The floor a method must clear. Absent in reports made before it was recorded.
   */
  majorityClass?: MajorityClass[];
  /**
   * Per model, task and method (and budget level in a compute-ladder report), how far the method's mean test score on the task's primary metric lies past the majority-class score, with an interval over seeds and one over test examples; clear when both lie above zero. The best method of each model × task (× level) is marked. Absent in reports made before it was recorded.
   */
  majorityMargins?: MajorityMargin[];
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "HardwareSummary".
 */
export interface HardwareSummary {
  device: string;
  cpu: string;
  cores: number;
  memoryBytes: number;
  runs: number;
}
/**
 * The suite's compute rule: one amount, or a ladder of amounts (the protocol is repeated once per amount). A task with its own rule states it in taskCompute.
 */
export interface Compute {
  rule: 'steps' | 'epochs' | 'tokens' | 'flops' | 'seconds';
  /**
   * Amount in the rule's unit (for a reference: the reference method's amount, e.g. 3 epochs).
   */
  amount?: number;
  /**
   * A ladder: the amounts (in the same sense as amount), ascending.
   *
   * @minItems 2
   */
  amounts?: number[];
  /**
   * When set: every method gets what this method spends under `referenceRule` × amount.
   */
  referenceMethod?: string;
  referenceRule?: 'steps' | 'epochs' | 'tokens' | 'flops';
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TaskProtocol".
 */
export interface TaskProtocol {
  task: string;
  selectionMetric: string;
  split: Split;
  compute?: Compute1;
}
export interface Split {
  /**
   * In words, e.g. "GLUE train minus dev, subsampled to 2000 examples (seed 0)".
   */
  train: string;
  /**
   * e.g. "500 examples carved from GLUE train (seed 0)".
   */
  dev: string;
  /**
   * e.g. "the official GLUE validation set".
   */
  test: string;
}
/**
 * The suite's compute rule: one amount, or a ladder of amounts (the protocol is repeated once per amount). A task with its own rule states it in taskCompute.
 */
export interface Compute1 {
  rule: 'steps' | 'epochs' | 'tokens' | 'flops' | 'seconds';
  /**
   * Amount in the rule's unit (for a reference: the reference method's amount, e.g. 3 epochs).
   */
  amount?: number;
  /**
   * A ladder: the amounts (in the same sense as amount), ascending.
   *
   * @minItems 2
   */
  amounts?: number[];
  /**
   * When set: every method gets what this method spends under `referenceRule` × amount.
   */
  referenceMethod?: string;
  referenceRule?: 'steps' | 'epochs' | 'tokens' | 'flops';
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "CheckRule".
 */
export interface CheckRule {
  rule: 'abs' | 'rel' | 'ci';
  tolerance?: number;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Entry".
 */
export interface Entry {
  model: string;
  task: string;
  method: string;
  kind: string;
  family: 'reft' | 'baseline';
  primaryMetric: MetricRef;
  params: Params;
  selection: Selection;
  test: TestMetric[];
  cost: Cost;
  runs: RunRow[];
  budget?: EntryBudget;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "MetricRef".
 */
export interface MetricRef {
  name: string;
  direction: 'max' | 'min';
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Params".
 */
export interface Params {
  trainable: number;
  head: number;
  base: number;
  /**
   * 100 · trainable / base (ReFT paper: classification head excluded).
   */
  paperPercent: number;
  /**
   * 100 · (trainable + head) / (base + trainable + head) (peft's print_trainable_parameters).
   */
  peftPercent: number;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Selection".
 */
export interface Selection {
  split: 'dev';
  metric: MetricRef;
  /**
   * The trial the final runs used; null when there were no final runs.
   */
  selectedTrial: number | null;
  /**
   * Whether that trial has the best dev score among the successful trials.
   */
  selectedIsDevBest: boolean;
  hyperparameters: Hyperparameters;
  trials: TrialRow[];
}
/**
 * The values drawn from the method's search space for this trial (name → value), e.g. {"lr": 0.001, "rank": 4}. Final runs carry the selected trial's values.
 */
export interface Hyperparameters {
  [k: string]: number | string | boolean | (number | string | boolean)[] | undefined;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TrialRow".
 */
export interface TrialRow {
  trial: number;
  runId: string;
  status: string;
  devScore: Num;
  hyperparameters: Hyperparameters;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TestMetric".
 */
export interface TestMetric {
  name: string;
  direction: 'max' | 'min';
  /**
   * Seeds with a value.
   */
  n: number;
  mean: Num;
  /**
   * null where undefined (no successful run, a constant column).
   */
  std: number | null;
  /**
   * null where undefined (no successful run, a constant column).
   */
  ciLow: number | null;
  ciHigh: Num;
  perSeed: SeedValue[];
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "SeedValue".
 */
export interface SeedValue {
  seed: number;
  value: Num;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Cost".
 */
export interface Cost {
  finalFlopsMean: Num;
  finalWallSecondsMean: Num;
  peakMemoryBytesMax: number;
  tuningFlops: number;
  tuningWallSeconds: number;
  /**
   * Mean over the final runs of their realised compute ÷ the cell's budget, in the compute rule's unit (result compute.budgetRatio); absent when the results do not record it.
   */
  spendRatioMean?: number;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "RunRow".
 */
export interface RunRow {
  runId: string;
  phase: 'trial' | 'final';
  trial: number;
  seed: number;
  status: string;
  steps: number;
  tokens: number;
  flops: number;
  wallSeconds: number;
  peakMemoryBytes: number;
}
/**
 * The entry's compute-ladder level and the training compute its final runs really spent (mean over the successful ones).
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "EntryBudget".
 */
export interface EntryBudget {
  level: BudgetLevel;
  /**
   * null where undefined (no successful run, a constant column).
   */
  finalFlopsMean: number | null;
  /**
   * null where undefined (no successful run, a constant column).
   */
  finalTokensMean: number | null;
}
/**
 * A compute ladder's level: the budget the suite declared for the runs (the run spec's accounting.budget): its rule and amount, or for a matched budget its rule and the match (the amount a matched run got depends on the data, so it is left out). Present only in reports where some model × task × method has results at more than one level.
 *
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "BudgetLevel".
 */
export interface BudgetLevel {
  rule: 'steps' | 'epochs' | 'tokens' | 'flops' | 'seconds';
  /**
   * The declared amount in the rule's unit (budgets without a match).
   */
  amount?: number;
  /**
   * Every method gets what this method spends under its own rule and amount (the declared level).
   */
  match?: {
    method: string;
    rule: 'steps' | 'epochs' | 'tokens' | 'flops' | 'seconds';
    amount: number;
  };
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "Comparison".
 */
export interface Comparison {
  model: string;
  task: string;
  /**
   * The ReFT method.
   */
  method: string;
  baseline: string;
  metric: MetricRef;
  /**
   * null where undefined (no successful run, a constant column).
   */
  difference: number | null;
  exampleBootstrap: {
    examples: number;
    ciLow: Num;
    ciHigh: Num;
    /**
     * Why no interval was computed, when none was.
     */
    note: string | null;
  };
  seedTest: {
    pairedSeeds: number;
    pValue: Num;
    pAdjusted: Num;
    exact: boolean;
    /**
     * null where undefined (no successful run, a constant column).
     */
    smallestPAdjusted?: number | null;
  };
  /**
   * From the adjusted p-value and the CI over examples beside it (src/stats/verdict.ts): better / worse (adjusted p < alpha and the CI on the same side of zero), no significant difference (adjusted p ≥ alpha and the CI containing zero), cannot be significant with N seeds (smallestPAdjusted ≥ alpha), inconclusive (the two disagree), not tested (fewer than 2 paired seeds).
   */
  verdict:
    | (
        | 'better'
        | 'worse'
        | 'no significant difference'
        | 'not tested'
        | 'inconclusive (the seed test and the CI over examples disagree)'
      )
    | string;
  budget?: BudgetLevel;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TuningCurve".
 */
export interface TuningCurve {
  model: string;
  task: string;
  method: string;
  metric: MetricRef;
  points: TuningPoint[];
  budget?: BudgetLevel;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "TuningPoint".
 */
export interface TuningPoint {
  trials: number;
  expected: number;
  std: number;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "LearningCurve".
 */
export interface LearningCurve {
  model: string;
  task: string;
  method: string;
  /**
   * Final runs averaged; the band is their min..max.
   */
  seeds: number;
  points: LearningPoint[];
  budget?: BudgetLevel;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "LearningPoint".
 */
export interface LearningPoint {
  step: number;
  mean: number;
  low: number;
  high: number;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "FailureRow".
 */
export interface FailureRow {
  runId: string;
  model: string;
  task: string;
  method: string;
  phase: string;
  trial: number;
  seed: number;
  status: string;
  reason: string;
  budget?: BudgetLevel;
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "MajorityClass".
 */
export interface MajorityClass {
  model: string;
  task: string;
  rule: 'most frequent label' | 'mean label';
  examples: number;
  metrics: {
    name: string;
    direction: 'max' | 'min';
    value: Num;
  }[];
}
/**
 * This interface was referenced by `Report`'s JSON-Schema
 * via the `definition` "MajorityMargin".
 */
export interface MajorityMargin {
  model: string;
  task: string;
  method: string;
  metric: MetricRef;
  /**
   * The majority-class score on the metric (report.majorityClass).
   */
  majorityClass: number;
  /**
   * null where undefined (no successful run, a constant column).
   */
  mean: number | null;
  /**
   * null where undefined (no successful run, a constant column).
   */
  margin: number | null;
  /**
   * The best mean test score of its model × task (× budget level): chosen on test, so descriptive.
   */
  best: boolean;
  /**
   * Student t-interval of the per-seed margins (none for fewer than 2 seeds).
   */
  seeds: {
    n: number;
    ciLow: Num;
    ciHigh: Num;
  };
  /**
   * Paired percentile bootstrap over test examples of the method's mean-over-seeds score minus the constant prediction's, on the comparisons' resamples of the same test set.
   */
  exampleBootstrap: {
    examples: number;
    ciLow: Num;
    ciHigh: Num;
    /**
     * Why no interval was computed, when none was.
     */
    note: string | null;
  };
  /**
   * Both intervals lie above zero (only the one over seeds where none over examples could be computed).
   */
  clear: boolean;
  budget?: BudgetLevel;
}
