/**
 * The report stage's pure core: loaded results → Report (report.json's content). Steps:
 *   1. one suite and protocol for all results (protocol.ts)
 *   2. group runs by (model, task, method, budget level) (group-runs.ts; budget-level.ts)
 *   3. an entry per group: selection, test metrics over seeds, params, cost (entries.ts)
 *   4. ReFT-vs-baseline comparisons with corrected tests, within a budget level (comparisons.ts);
 *      each method's margin over the majority-class floor (majority-margins.ts)
 *   5. tuning and learning curves (curves.ts); environment; failures; the majority-class floor of
 *      each task (majority-class.ts)
 */
import { correctionNames } from '../stats/multiple-comparisons.ts';
import type { Report } from '../types/report.ts';
import { buildComparisons } from './comparisons.ts';
import { buildLearningCurve, buildTuningCurve } from './curves.ts';
import { buildEntry } from './entries.ts';
import { buildEnvironment } from './environment.ts';
import { groupRuns, isLadder, type RunGroup } from './group-runs.ts';
import type { LoadedResult } from './load-results.ts';
import { majorityClassScores } from './majority-class.ts';
import { buildMajorityMargins } from './majority-margins.ts';
import { TestSetScores } from './test-set-scores.ts';
import { commonSuite, protocolText } from './protocol.ts';
import type { ReportOptions } from './report-options.ts';

/** `ladder`: a compute-ladder report, whose comparisons are made per budget level. */
function statisticsText(options: ReportOptions, ladder: boolean): string[] {
  const pct = `${Math.round(options.confidence * 100)}%`;
  return [
    `Test scores: mean and sample standard deviation over seeds, with a ${pct} Student t-interval of the mean (mean ± t · std / √n with n − 1 degrees of freedom; none for a single seed): a bootstrap over a handful of seeds cannot leave their [min, max] and claims more certainty than they hold.`,
    `Comparisons (each ReFT method vs ${options.baseline === undefined ? 'each baseline' : options.baseline}, per task${ladder ? ' and budget level of the compute ladder, never across levels' : ''}, primary metric): the difference of means, with a ${pct} paired percentile bootstrap CI over test examples (${options.resamples} resamples of each model × task test set, shared by all its comparisons, so both methods are scored on the same resampled examples, each averaged over its seeds).`,
    `Test over seeds: a two-sided paired sign-flip permutation test on per-seed differences (exact for up to 16 seeds; with n seeds the smallest possible p is 2/2^n), ${correctionNames[options.correction]} correction over all comparisons, significance at adjusted p < ${options.alpha}.`,
    `Verdicts: better or worse when the adjusted p is below ${options.alpha} and the CI over examples lies on the same side of zero; no significant difference when the adjusted p is not and the CI contains zero; inconclusive when the two disagree; "cannot be significant with N seeds" when even the most extreme sign pattern of every comparison would leave the adjusted p at or above ${options.alpha}.`,
    `Tuning curves: expected best dev score against the number of trials (Dodge et al., 2019), from each method's successful trials (failed trials are left out, so a method with failures has a shorter curve).`,
    `All resampling is seeded (base seed ${options.seed}); the same results give the same report byte for byte.`,
  ];
}

/** A report without its comparisons yet, and the groups they are computed from. */
export interface ReportDraft {
  report: Report;
  groups: RunGroup[];
  options: ReportOptions;
}

/** Steps 1–3 and 5: everything but the comparisons (the charts need only this). */
export function draftReport(loaded: readonly LoadedResult[], options: ReportOptions): ReportDraft {
  const suite = commonSuite(loaded);
  const results = loaded.map((l) => l.result);
  const groups = groupRuns(results);
  const ladder = isLadder(groups);
  const entries = groups.map((g) => buildEntry(g, options, ladder));
  const statusCount = (s: string) => results.filter((r) => r.status === s).length;
  const checkRule = results.find((r) => r.reportOptions?.check)?.reportOptions?.check;
  const report: Report = {
    schemaVersion: 1,
    suite: { name: suite.name, hash: suite.hash },
    ...buildEnvironment(results),
    protocol: { ...suite.protocol, text: protocolText(suite.protocol) },
    statistics: {
      confidence: options.confidence,
      bootstrapResamples: options.resamples,
      seed: options.seed,
      correction: options.correction,
      alpha: options.alpha,
      ...(options.baseline === undefined ? {} : { baseline: options.baseline }),
      text: statisticsText(options, ladder),
    },
    ...(checkRule ? { checkRule } : {}),
    counts: {
      runs: results.length,
      ok: statusCount('ok'),
      failed: statusCount('failed'),
      diverged: statusCount('diverged'),
      timeout: statusCount('timeout'),
      trials: results.filter((r) => r.spec.phase === 'trial').length,
      finals: results.filter((r) => r.spec.phase === 'final').length,
    },
    totals: {
      wallSeconds: results.reduce((s, r) => s + r.compute.wallSeconds, 0),
      flops: results.reduce((s, r) => s + r.compute.flops, 0),
      tokens: results.reduce((s, r) => s + r.compute.tokens, 0),
    },
    entries,
    comparisons: [],
    tuningCurves: entries.map(buildTuningCurve),
    learningCurves: groups.map((g) => buildLearningCurve(g, ladder)),
    majorityClass: majorityClassScores(groups),
    failures: groups.flatMap((g) =>
      [...g.trials, ...g.finals]
        .filter((r) => r.status !== 'ok')
        .map((r) => ({
          runId: r.runId,
          model: g.model,
          task: g.task,
          method: g.method,
          phase: r.spec.phase,
          trial: r.spec.trial,
          seed: r.spec.seed,
          status: r.status,
          reason: r.failure?.reason ?? r.status,
          ...(ladder && g.level ? { budget: g.level } : {}),
        })),
    ),
  };
  return { report, groups, options };
}

/** The sentence that states the smallest adjusted p-value the design can reach. */
function designText(smallest: number | null, comparisons: number, alpha: number): string {
  if (smallest === null) return 'No comparison was tested (a test needs at least 2 paired seeds).';
  const reach = smallest < alpha ? `below ${alpha}, so a comparison can be significant` : `not below ${alpha}, so no comparison can be significant: more seeds are needed`;
  return `The smallest adjusted p-value this design can reach (every one of its ${comparisons} tested comparisons at its most extreme sign pattern) is ${Number(smallest.toPrecision(3))}, ${reach}.`;
}

/** The rule of the margins over the majority class, for the statistics text. */
function marginText(options: ReportOptions, ladder: boolean): string {
  const pct = `${Math.round(options.confidence * 100)}%`;
  return `Margin over the majority class (each method, per task${ladder ? ' and budget level' : ''}, primary metric): the mean test score minus the majority-class score (the other way round where lower is better, so a positive margin is past the floor), with a ${pct} t-interval of the per-seed margins and a ${pct} paired percentile bootstrap interval over test examples of the method's mean-over-seeds score minus the constant prediction's, both scored on the comparisons' resampled examples. A margin is clear only when both intervals lie above zero; where the results hold no per-example predictions, the interval over seeds decides alone (the margin's note says so). The best method per task is picked on test, so its row is descriptive: each method's own margin and intervals (report.json majorityMargins) are what to rely on.`;
}

/** Step 4: the draft with its comparisons, the smallest adjusted p-value they could reach, and the margins over the majority class. */
export function completeReport(draft: ReportDraft): Report {
  const scores = new TestSetScores(draft.groups, draft.options);
  const comparisons = buildComparisons(draft.report.entries, draft.groups, draft.options, scores);
  const floors = comparisons.map((c) => c.seedTest.smallestPAdjusted).filter((p): p is number => typeof p === 'number');
  const smallest = floors.length === 0 ? null : Math.min(...floors);
  const statistics = draft.report.statistics;
  const majorityMargins = buildMajorityMargins(draft.report, draft.groups, draft.options, scores);
  const margins = majorityMargins.length === 0 ? [] : [marginText(draft.options, isLadder(draft.groups))];
  return {
    ...draft.report,
    statistics: { ...statistics, smallestPAdjusted: smallest, text: [...statistics.text, ...margins, designText(smallest, floors.length, draft.options.alpha)] },
    comparisons,
    ...(majorityMargins.length === 0 ? {} : { majorityMargins }),
  };
}

export function buildReport(loaded: readonly LoadedResult[], options: ReportOptions): Report {
  return completeReport(draftReport(loaded, options));
}
