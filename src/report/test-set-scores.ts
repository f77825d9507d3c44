/**
 * The test-set side of a report's statistics over examples, shared by the comparisons and the
 * margins over the majority class: each method's gold labels and predictions as numbers, one seeded
 * set of bootstrap resamples per model × task test set, and each method's mean-over-seeds score on
 * those resamples, computed once however many statistics use it.
 */
import { ExampleResamples, resampledSeedMeans } from '../stats/bootstrap.ts';
import { seedFromString } from '../stats/random.ts';
import type { ResampledMetric } from '../stats/resampled-metrics.ts';
import type { Entry } from '../types/report.ts';
import type { RunResult } from '../types/result.ts';
import { cellKey, isLadder, type RunGroup } from './group-runs.ts';
import type { ReportOptions } from './report-options.ts';

export type Predicted = { gold: number[]; preds: number[][] } | { note: string };

/**
 * Gold labels and predictions of a group's successful final runs, as numbers (strings are coded by
 * equality); else why there are none: no final run yet (an unfinished suite), none succeeded, or
 * the successful ones recorded no per-example predictions.
 */
export function predictionsOf(finals: readonly RunResult[]): Predicted {
  if (finals.length === 0) return { note: 'no final runs yet' };
  if (!finals.some((r) => r.status === 'ok')) return { note: 'no successful final run' };
  const runs = finals.filter((r) => r.status === 'ok' && r.predictions);
  if (runs.length === 0) return { note: 'no per-example test predictions' };
  const codes = new Map<string | number, number>();
  const code = (v: string | number) => {
    if (typeof v === 'number') return v;
    let c = codes.get(v);
    if (c === undefined) {
      c = -1 - codes.size;
      codes.set(v, c);
    }
    return c;
  };
  const gold = runs[0]!.predictions!.gold.map(code);
  const preds: number[][] = [];
  for (const r of runs) {
    const p = r.predictions!;
    const g = p.gold.map(code);
    if (g.length !== gold.length || g.some((v, i) => v !== gold[i])) return { note: `run ${r.runId} was scored on different test examples` };
    if (p.predicted.length !== gold.length) return { note: `run ${r.runId} has ${p.predicted.length} predictions for ${gold.length} examples` };
    preds.push(p.predicted.map(code));
  }
  return { gold, preds };
}

/**
 * The bootstrap resamples of one model × task test set of `examples` examples, seeded from the set
 * alone: every statistic over the same test set (comparisons, margins over the majority class)
 * draws the same resampled examples.
 */
export function testSetResamples(model: string, task: string, examples: number, options: Pick<ReportOptions, 'resamples' | 'seed'>): ExampleResamples {
  return new ExampleResamples(examples, options.resamples, seedFromString(`${JSON.stringify([model, task, examples])}/examples`, options.seed));
}

/** Caches of one report: an entry's predictions, its test set's resamples and its resampled scores. */
export class TestSetScores {
  private readonly groupOf: Map<string, RunGroup>;
  private readonly predicted = new Map<string, Predicted>();
  private readonly testSets = new Map<string, ExampleResamples>();
  private readonly scores = new Map<string, Float64Array>();

  constructor(
    groups: readonly RunGroup[],
    private readonly options: Pick<ReportOptions, 'resamples' | 'seed'>,
  ) {
    // An entry names its level only in a ladder report; its group is found under the same key.
    const ladder = isLadder(groups);
    this.groupOf = new Map(groups.map((g) => [cellKey(g.model, g.task, g.method, ladder ? g.level : undefined), g]));
  }

  /** The final runs of an entry's group. */
  finals(e: Entry): readonly RunResult[] {
    return this.groupOf.get(cellKey(e.model, e.task, e.method, e.budget?.level))!.finals;
  }

  /** predictionsOf the entry's final runs. */
  predictions(e: Entry): Predicted {
    const key = cellKey(e.model, e.task, e.method, e.budget?.level);
    let p = this.predicted.get(key);
    if (!p) this.predicted.set(key, (p = predictionsOf(this.finals(e))));
    return p;
  }

  /** The resamples of the model × task test set of `examples` examples. */
  resamples(model: string, task: string, examples: number): ExampleResamples {
    const key = JSON.stringify([model, task, examples]);
    let resamples = this.testSets.get(key);
    if (!resamples) this.testSets.set(key, (resamples = testSetResamples(model, task, examples, this.options)));
    return resamples;
  }

  /** The entry's mean-over-seeds score on each resample of its test set (`p`: its predictions). */
  resampled(e: Entry, p: { gold: number[]; preds: number[][] }, metric: ResampledMetric): Float64Array {
    const key = JSON.stringify([cellKey(e.model, e.task, e.method, e.budget?.level), e.primaryMetric.name]);
    let scores = this.scores.get(key);
    if (!scores) this.scores.set(key, (scores = resampledSeedMeans(p.gold, p.preds, metric, this.resamples(e.model, e.task, p.gold.length))));
    return scores;
  }
}
