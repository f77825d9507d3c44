/**
 * Each method's margin over the majority-class floor (report.majorityMargins), per model × task and,
 * in a compute-ladder report, budget level, on the task's primary metric (src/stats/floor-margin.ts):
 * - the mean margin and a t-interval of the per-seed margins (score_seed − floor);
 * - a paired percentile bootstrap over test examples of the method's mean-over-seeds score minus
 *   the constant predictor's (majority-class.ts majorityConstant), both scored with the comparisons'
 *   metric code on the comparisons' resamples of the same test set (test-set-scores.ts),
 *   so the bootstrap is paired and seeded. A constant's correlation (pearson, spearman) on a resample
 *   is 0, as the floor's is (resampled-metrics.ts; majority-class.ts);
 * - clear when both intervals lie above zero (the one over seeds alone where the results hold no
 *   per-example predictions, which the entry's note says);
 * - the best method of each model × task (× level): the highest mean test score (the lowest for a
 *   'min' metric), first in report order on a tie. It is chosen on test, so it is descriptive; each
 *   method's own margin is what a reader should rely on.
 */
import { resampledSeedMeans } from '../stats/bootstrap.ts';
import { exampleMargin, isClearMargin, seedMargin } from '../stats/floor-margin.ts';
import { resampledMetrics } from '../stats/resampled-metrics.ts';
import type { Entry, MajorityMargin, Report } from '../types/report.ts';
import type { RunResult } from '../types/result.ts';
import { levelKey } from './budget-level.ts';
import type { RunGroup } from './group-runs.ts';
import { majorityConstant, majorityScore } from './majority-class.ts';
import type { ReportOptions } from './report-options.ts';
import { TestSetScores } from './test-set-scores.ts';

const orNull = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * The constant prediction for every example, coded as test-set-scores.ts predictionsOf codes the labels of `finals`
 * (numbers as they are; a string label as the code its first occurrence in the gold labels got).
 */
function constantPredictions(finals: readonly RunResult[], coded: readonly number[]): number[] | null {
  const first = finals.find((r) => r.status === 'ok' && r.predictions)!;
  const gold = first.predictions!.gold;
  const constant = majorityConstant(first.spec.task, gold);
  if (constant === null) return null;
  if (typeof constant === 'number') return new Array<number>(coded.length).fill(constant);
  const at = gold.indexOf(constant);
  // No reference holds an answer: the predictor hits nothing (NaN equals no label).
  return new Array<number>(coded.length).fill(at < 0 ? Number.NaN : (coded[at] as number));
}

type ExampleBootstrap = MajorityMargin['exampleBootstrap'];

/** `scores`: each method's predictions and resampled scores, shared with the comparisons. */
export function buildMajorityMargins(report: Pick<Report, 'entries' | 'majorityClass'>, groups: readonly RunGroup[], options: ReportOptions, scores = new TestSetScores(groups, options)): MajorityMargin[] {
  const constants = new Map<string, Float64Array | null>();
  const margins: MajorityMargin[] = [];
  for (const e of report.entries) {
    const metric = e.primaryMetric;
    const floor = majorityScore(report as Report, e.model, e.task, metric.name);
    if (floor === null) continue;
    const test = e.test.find((m) => m.name === metric.name);
    const perSeed = (test?.perSeed ?? []).flatMap((s) => (s.value === null ? [] : [s.value]));
    const seeds = seedMargin(perSeed, floor, metric.direction, options.confidence);
    const exampleBootstrap = bootstrapOf(e, scores, options, constants);
    const examples = exampleBootstrap.note === null ? { low: exampleBootstrap.ciLow!, high: exampleBootstrap.ciHigh! } : null;
    margins.push({
      model: e.model,
      task: e.task,
      method: e.method,
      metric,
      majorityClass: floor,
      mean: test?.mean ?? null,
      margin: orNull(seeds.margin),
      best: false,
      seeds: { n: seeds.n, ciLow: orNull(seeds.interval.low), ciHigh: orNull(seeds.interval.high) },
      exampleBootstrap,
      clear: isClearMargin(seeds.interval, examples),
      ...(e.budget ? { budget: e.budget.level } : {}),
    });
  }
  markBest(margins);
  return margins;
}

/** The interval over test examples of one entry's margin, or the reason there is none. */
function bootstrapOf(e: Entry, scores: TestSetScores, options: ReportOptions, constants: Map<string, Float64Array | null>): ExampleBootstrap {
  const none = (note: string): ExampleBootstrap => ({ examples: 0, ciLow: null, ciHigh: null, note });
  const metric = resampledMetrics[e.primaryMetric.name];
  if (!metric) return none(`metric ${e.primaryMetric.name} cannot be recomputed on resampled examples`);
  const p = scores.predictions(e);
  if ('note' in p) return none(p.note);
  const n = p.gold.length;
  const resamples = scores.resamples(e.model, e.task, n);
  const constantKey = JSON.stringify([e.model, e.task, n, e.primaryMetric.name]);
  if (!constants.has(constantKey)) {
    const preds = constantPredictions(scores.finals(e), p.gold);
    constants.set(constantKey, preds === null ? null : resampledSeedMeans(p.gold, [preds], metric, resamples));
  }
  const constant = constants.get(constantKey) ?? null;
  if (constant === null) return none('no majority-class prediction for these test examples');
  const interval = exampleMargin(scores.resampled(e, p, metric), constant, e.primaryMetric.direction, options.confidence);
  return { examples: n, ciLow: orNull(interval.low), ciHigh: orNull(interval.high), note: null };
}
/** Marks the best mean of each model × task (× level), as the main table bolds it: the highest (lowest for 'min'), the first on a tie. */
function markBest(margins: MajorityMargin[]): void {
  const best = new Map<string, MajorityMargin>();
  for (const m of margins) {
    if (m.mean === null || m.margin === null) continue;
    const key = JSON.stringify([m.model, m.task, levelKey(m.budget)]);
    const held = best.get(key);
    if (!held || (m.metric.direction === 'max' ? m.mean > held.mean! : m.mean < held.mean!)) best.set(key, m);
  }
  for (const m of best.values()) m.best = true;
}
