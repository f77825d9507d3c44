/**
 * Each ReFT method against each baseline (or, when the suite names one in report.baseline, against
 * that method only), per model and task — and per budget level in a compute-ladder report: never
 * across levels — on the task's primary metric:
 * - difference of mean test scores (method − baseline);
 * - a paired percentile bootstrap CI of that difference over test examples: one seeded set of
 *   resamples per model × task test set, on which every method's mean-over-seeds score is computed
 *   once (test-set-scores.ts, shared with the margins over the majority class); a comparison
 *   subtracts the two methods' scores resample by resample;
 * - a paired sign-flip permutation test over seeds (runs paired by seed), two-sided, with the
 *   p-values of all comparisons in the report corrected together (Holm or Benjamini–Hochberg), and
 *   the smallest adjusted p each comparison could reach (every comparison at its smallest possible
 *   p, corrected the same way; adjusted p-values only grow with the raw ones, so this bounds it);
 * - the verdict from the adjusted p and the CI beside it (src/stats/verdict.ts).
 */
import { pairedDifferenceCI } from '../stats/bootstrap.ts';
import { adjustPValues } from '../stats/multiple-comparisons.ts';
import { pairedPermutationTest, smallestPValue } from '../stats/permutation-test.ts';
import { createRandom, seedFromString } from '../stats/random.ts';
import { resampledMetrics } from '../stats/resampled-metrics.ts';
import { verdictOf } from '../stats/verdict.ts';
import type { Comparison, Entry } from '../types/report.ts';
import { compareLevels, levelKey } from './budget-level.ts';
import { isLadder, type RunGroup } from './group-runs.ts';
import type { ReportOptions } from './report-options.ts';
import { TestSetScores } from './test-set-scores.ts';

function seedScores(entry: Entry): Map<number, number> {
  const metric = entry.test.find((m) => m.name === entry.primaryMetric.name);
  const out = new Map<number, number>();
  for (const s of metric?.perSeed ?? []) if (s.value !== null) out.set(s.seed, s.value);
  return out;
}

function primaryMean(entry: Entry): number | null {
  return entry.test.find((m) => m.name === entry.primaryMetric.name)?.mean ?? null;
}

/** `scores`: each method's predictions and resampled scores, shared with the margins over the majority class. */
export function buildComparisons(entries: readonly Entry[], groups: readonly RunGroup[], options: ReportOptions, scores = new TestSetScores(groups, options)): Comparison[] {
  const ladder = isLadder(groups);
  const draft: { comparison: Comparison; p: number | null }[] = [];
  for (const method of entries.filter((e) => e.family === 'reft')) {
    if (method.method === options.baseline) continue;
    const against = (e: Entry) => (options.baseline === undefined ? e.family === 'baseline' : e.method === options.baseline);
    const level = levelKey(method.budget?.level);
    for (const baseline of entries.filter((e) => against(e) && e.model === method.model && e.task === method.task && levelKey(e.budget?.level) === level)) {
      const pair = [method.model, method.task, method.method, baseline.method];
      const name = JSON.stringify(method.budget ? [...pair, level] : pair);
      const a = seedScores(method);
      const b = seedScores(baseline);
      const differences = [...a.keys()].filter((s) => b.has(s)).sort((x, y) => x - y).map((s) => a.get(s)! - b.get(s)!);
      const test = differences.length >= 2 ? pairedPermutationTest(differences, createRandom(seedFromString(`${name}/seeds`, options.seed))) : null;
      const ma = primaryMean(method);
      const mb = primaryMean(baseline);
      const metric = resampledMetrics[method.primaryMetric.name];
      const pa = scores.predictions(method);
      const pb = scores.predictions(baseline);
      let exampleBootstrap: Comparison['exampleBootstrap'];
      if (!metric) exampleBootstrap = { examples: 0, ciLow: null, ciHigh: null, note: `metric ${method.primaryMetric.name} cannot be recomputed on resampled examples` };
      else if ('note' in pa && 'note' in pb && pa.note === pb.note) exampleBootstrap = { examples: 0, ciLow: null, ciHigh: null, note: `${method.method} and ${baseline.method}: ${pa.note}` };
      else if ('note' in pa) exampleBootstrap = { examples: 0, ciLow: null, ciHigh: null, note: `${method.method}: ${pa.note}` };
      else if ('note' in pb) exampleBootstrap = { examples: 0, ciLow: null, ciHigh: null, note: `${baseline.method}: ${pb.note}` };
      else if (pa.gold.length !== pb.gold.length || pa.gold.some((g, i) => g !== pb.gold[i]))
        exampleBootstrap = { examples: 0, ciLow: null, ciHigh: null, note: 'the two methods were scored on different test examples' };
      else {
        const interval = pairedDifferenceCI(scores.resampled(method, pa, metric), scores.resampled(baseline, pb, metric), options.confidence);
        exampleBootstrap = { examples: pa.gold.length, ciLow: interval.low, ciHigh: interval.high, note: null };
      }
      draft.push({
        p: test?.pValue ?? null,
        comparison: {
          model: method.model,
          task: method.task,
          method: method.method,
          baseline: baseline.method,
          metric: method.primaryMetric,
          difference: ma !== null && mb !== null ? ma - mb : null,
          exampleBootstrap,
          seedTest: { pairedSeeds: differences.length, pValue: test?.pValue ?? null, pAdjusted: null, smallestPAdjusted: null, exact: test?.exact ?? true },
          verdict: 'not tested',
          ...(method.budget ? { budget: method.budget.level } : {}),
        },
      });
    }
  }
  // A ladder report lists each model × task's comparisons level by level.
  if (ladder) {
    const pairs = [...new Set(draft.map((d) => JSON.stringify([d.comparison.model, d.comparison.task])))];
    const pairOf = (c: Comparison) => pairs.indexOf(JSON.stringify([c.model, c.task]));
    draft.sort((a, b) => pairOf(a.comparison) - pairOf(b.comparison) || compareLevels(a.comparison.budget, b.comparison.budget));
  }
  const tested = draft.filter((d) => d.p !== null);
  const adjusted = adjustPValues(tested.map((d) => d.p!), options.correction);
  const floors = adjustPValues(tested.map((d) => smallestPValue(d.comparison.seedTest.pairedSeeds)), options.correction);
  tested.forEach((d, i) => {
    const c = d.comparison;
    c.seedTest.pAdjusted = adjusted[i]!;
    c.seedTest.smallestPAdjusted = floors[i]!;
  });
  for (const { comparison: c } of draft) {
    c.verdict = verdictOf({
      difference: c.difference,
      direction: c.metric.direction,
      pAdjusted: c.seedTest.pAdjusted,
      smallestPAdjusted: c.seedTest.smallestPAdjusted ?? null,
      seeds: c.seedTest.pairedSeeds,
      alpha: options.alpha,
      interval: c.exampleBootstrap.note === null ? { low: c.exampleBootstrap.ciLow, high: c.exampleBootstrap.ciHigh } : null,
    });
  }
  return draft.map((d) => d.comparison);
}
