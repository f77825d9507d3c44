/**
 * The report stage's pure core: loaded results → Report (report.json's content). Steps:
 *   1. one suite and protocol for all results (protocol.ts)
 *   2. group runs by (model, task, method) (group-runs.ts)
 *   3. an entry per group: selection, test metrics over seeds, params, cost (entries.ts)
 *   4. ReFT-vs-baseline comparisons with corrected tests (comparisons.ts)
 *   5. tuning and learning curves (curves.ts); environment; failures
 */
import { correctionNames } from '../stats/multiple-comparisons.ts';
import type { Report } from '../types/report.ts';
import { buildComparisons } from './comparisons.ts';
import { buildLearningCurve, buildTuningCurve } from './curves.ts';
import { buildEntry } from './entries.ts';
import { buildEnvironment } from './environment.ts';
import { groupRuns, type RunGroup } from './group-runs.ts';
import type { LoadedResult } from './load-results.ts';
import { commonSuite, protocolText } from './protocol.ts';
import type { ReportOptions } from './report-options.ts';

function statisticsText(options: ReportOptions): string[] {
  const pct = `${Math.round(options.confidence * 100)}%`;
  return [
    `Test scores: mean and sample standard deviation over seeds, with a ${pct} percentile bootstrap CI of the mean (${options.resamples} resamples of the seeds).`,
    `Comparisons (each ReFT method vs ${options.baseline === undefined ? 'each baseline' : options.baseline}, per task, primary metric): the difference of means, with a ${pct} paired percentile bootstrap CI over test examples (${options.resamples} resamples of each model × task test set, shared by all its comparisons, so both methods are scored on the same resampled examples, each averaged over its seeds).`,
    `Test over seeds: a two-sided paired sign-flip permutation test on per-seed differences (exact for up to 16 seeds; with n seeds the smallest possible p is 2/2^n), ${correctionNames[options.correction]} correction over all comparisons, significance at adjusted p < ${options.alpha}.`,
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
  const entries = groups.map((g) => buildEntry(g, options));
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
      text: statisticsText(options),
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
    learningCurves: groups.map(buildLearningCurve),
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
        })),
    ),
  };
  return { report, groups, options };
}

/** Step 4: the draft with its comparisons. */
export function completeReport(draft: ReportDraft): Report {
  return { ...draft.report, comparisons: buildComparisons(draft.report.entries, draft.groups, draft.options) };
}

export function buildReport(loaded: readonly LoadedResult[], options: ReportOptions): Report {
  return completeReport(draftReport(loaded, options));
}
