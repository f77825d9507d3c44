/**
 * One report entry per (model, task, method) — and budget level, in a compute-ladder report: how the
 * configuration was selected (every trial's dev score), the test metrics over seeds (mean, sample
 * std, t-interval of the mean: src/stats/t-interval.ts), parameter counts in both conventions, the
 * cost of every run and, in a ladder report, the level and what its final runs really spent.
 */
import { mean, sampleStd } from '../stats/descriptive.ts';
import { tMeanCI } from '../stats/t-interval.ts';
import type { Entry, EntryBudget, MetricRef, Params, RunRow, Selection, TestMetric, TrialRow } from '../types/report.ts';
import type { RunResult } from '../types/result.ts';
import type { RunGroup } from './group-runs.ts';
import { trainsBaseWeightsOnly } from './method-family.ts';
import type { ReportOptions } from './report-options.ts';

const okRuns = (runs: readonly RunResult[]) => runs.filter((r) => r.status === 'ok');

function paramsOf(result: RunResult): Params {
  const { trainable, head, base } = result.params;
  // New parameters join peft's denominator; base weights trained in place are in it already.
  const added = trainsBaseWeightsOnly[result.spec.method.kind] ? 0 : trainable;
  return {
    trainable,
    head,
    base,
    paperPercent: (100 * trainable) / base,
    peftPercent: (100 * (trainable + head)) / (base + added + head),
  };
}

function isBetter(a: number, b: number, direction: MetricRef['direction']): boolean {
  return direction === 'max' ? a > b : a < b;
}

function selectionOf(group: RunGroup, metric: MetricRef): Selection {
  const trials: TrialRow[] = group.trials.map((r) => {
    const value = r.status === 'ok' ? r.metrics.dev?.[metric.name] : undefined;
    return { trial: r.spec.trial, runId: r.runId, status: r.status, devScore: typeof value === 'number' ? value : null, hyperparameters: r.hyperparameters };
  });
  const selectedTrial = group.finals[0]?.spec.trial ?? null;
  let best: number | null = null;
  for (const t of trials) if (t.devScore !== null && (best === null || isBetter(t.devScore, best, metric.direction))) best = t.devScore;
  const selectedRow = trials.find((t) => t.trial === selectedTrial);
  const selectedIsDevBest = selectedRow !== undefined && selectedRow.devScore !== null && selectedRow.devScore === best;
  const hyperparameters = selectedRow?.hyperparameters ?? group.finals[0]?.hyperparameters ?? {};
  return { split: 'dev', metric, selectedTrial, selectedIsDevBest, hyperparameters, trials };
}

/** The values each metric can take (the t-interval of a mean is cut to them); unbounded when not listed. */
const metricRange: Readonly<Record<string, readonly [number, number]>> = {
  accuracy: [0, 1], f1: [0, 1], exact_match: [0, 1], matthews: [-1, 1], pearson: [-1, 1], spearman: [-1, 1],
  mse: [0, Infinity], loss: [0, Infinity], perplexity: [1, Infinity],
};

function testMetricOf(group: RunGroup, metric: MetricRef, options: ReportOptions): TestMetric {
  const perSeed = okRuns(group.finals).map((r) => {
    const value = r.metrics.test?.[metric.name];
    return { seed: r.spec.seed, value: typeof value === 'number' ? value : null };
  });
  const values = perSeed.map((s) => s.value).filter((v): v is number => v !== null);
  return { name: metric.name, direction: metric.direction, ...seedStatistics(values, [group.model, group.task, group.method, metric.name], options), perSeed };
}

/**
 * n, mean, sample std and the t-interval of the mean of one test metric's per-seed values, cut to
 * the metric's range (`key`: model, task, method, metric; the interval draws no random numbers, so
 * only the metric's name is used); `reftbench check` recomputes a report's figures with it.
 */
export function seedStatistics(values: readonly number[], key: readonly [string, string, string, string], options: Pick<ReportOptions, 'seed' | 'resamples' | 'confidence'>): Pick<TestMetric, 'n' | 'mean' | 'std' | 'ciLow' | 'ciHigh'> {
  const ci = tMeanCI(values, options.confidence, metricRange[key[3]]);
  const orNull = (v: number) => (Number.isFinite(v) ? v : null);
  return { n: values.length, mean: orNull(mean(values)), std: orNull(sampleStd(values)), ciLow: orNull(ci.low), ciHigh: orNull(ci.high) };
}

function runRow(r: RunResult): RunRow {
  return {
    runId: r.runId,
    phase: r.spec.phase,
    trial: r.spec.trial,
    seed: r.spec.seed,
    status: r.status,
    steps: r.compute.steps,
    tokens: r.compute.tokens,
    flops: r.compute.flops,
    wallSeconds: r.compute.wallSeconds,
    peakMemoryBytes: r.compute.peakMemoryBytes,
  };
}

/** `ladder`: the report has several budget levels for some model × task × method (group-runs.ts isLadder). */
export function buildEntry(group: RunGroup, options: ReportOptions, ladder = false): Entry {
  const all = [...group.trials, ...group.finals];
  const reference = okRuns(all)[0] ?? all[0]!;
  const task = reference.spec.task;
  const primaryMetric: MetricRef = { name: task.selectionMetric.name, direction: task.selectionMetric.direction };
  const metrics: MetricRef[] = task.metrics.some((m) => m.name === primaryMetric.name)
    ? task.metrics.map((m) => ({ name: m.name, direction: m.direction }))
    : [primaryMetric, ...task.metrics.map((m) => ({ name: m.name, direction: m.direction }))];
  const okFinals = okRuns(group.finals);
  const finiteMean = (xs: number[]) => (xs.length === 0 ? null : mean(xs));
  return {
    model: group.model,
    task: group.task,
    method: group.method,
    kind: reference.spec.method.kind,
    family: group.family,
    primaryMetric,
    params: paramsOf(reference),
    selection: selectionOf(group, primaryMetric),
    test: metrics.map((m) => testMetricOf(group, m, options)),
    cost: {
      finalFlopsMean: finiteMean(okFinals.map((r) => r.compute.flops)),
      finalWallSecondsMean: finiteMean(okFinals.map((r) => r.compute.wallSeconds)),
      peakMemoryBytesMax: Math.max(0, ...all.map((r) => r.compute.peakMemoryBytes)),
      tuningFlops: group.trials.reduce((s, r) => s + r.compute.flops, 0),
      tuningWallSeconds: group.trials.reduce((s, r) => s + r.compute.wallSeconds, 0),
      ...spendRatioOf(okFinals),
    },
    runs: all.map(runRow),
    ...(ladder && group.level ? { budget: budgetOf(group, okFinals) } : {}),
  };
}

/** The group's level and the mean realised FLOPs and tokens of its successful final runs. */
function budgetOf(group: RunGroup, okFinals: readonly RunResult[]): EntryBudget {
  const meanOf = (xs: number[]) => (xs.length === 0 ? null : mean(xs));
  return {
    level: group.level!,
    finalFlopsMean: meanOf(okFinals.map((r) => r.compute.flops)),
    finalTokensMean: meanOf(okFinals.map((r) => r.compute.tokens)),
  };
}

/** Mean realised spend ÷ budget of the final runs that record it (all of them, or the field is left out). */
function spendRatioOf(finals: readonly RunResult[]): { spendRatioMean?: number } {
  const ratios = finals.flatMap((r) => (r.compute.budgetRatio === undefined ? [] : [r.compute.budgetRatio]));
  if (ratios.length === 0 || ratios.length !== finals.length) return {};
  return { spendRatioMean: ratios.reduce((a, b) => a + b, 0) / ratios.length };
}
