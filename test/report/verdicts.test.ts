/**
 * Reports whose comparisons do reach significance, in both directions, for a 'max' metric
 * (accuracy) and a 'min' one (mse): 8 seeds and large effects, so the conclusions a report draws
 * are tested, not only its "not significant" cases. Kills a verdict taken from the raw instead of
 * the Holm-adjusted p, and better/worse swapped for a 'min' metric.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import type { Comparison } from '../../src/types/report.ts';
import type { RunResult } from '../../src/types/result.ts';
import { fixtureOptions, syntheticResults, type SyntheticOptions } from '../fixtures/results/synthetic-results.ts';

const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
const options: SyntheticOptions = {
  ...fixtureOptions,
  suiteName: 'fixture-verdicts',
  tasks: [
    { id: 'sst2', type: 'classification', examples: 600 },
    { id: 'stsb', type: 'regression', examples: 400 },
  ],
  methods: [
    { id: 'lora', kind: 'lora', skill: 0.75, trainable: 8192 },
    { id: 'direft', kind: 'direft', skill: 0.55, trainable: 1040 },
    { id: 'loreft', kind: 'loreft', skill: 0.92, trainable: 1040 },
  ],
  trials: 1,
  seeds,
  failures: {},
};

/** The regression task scored by mean squared error (a 'min' metric), computed from each run's own predictions. */
function withMse(results: RunResult[]): RunResult[] {
  const mse = { name: 'mse', direction: 'min' } as const;
  return results.map((r) => {
    if (r.spec.task.type !== 'regression') return r;
    const spec = { ...r.spec, task: { ...r.spec.task, metrics: [mse], selectionMetric: mse } };
    const protocol = { ...r.protocol, tuning: { ...r.protocol.tuning, selectionMetric: 'mse' } };
    if (r.spec.phase === 'trial') return { ...r, spec, protocol, metrics: { dev: { mse: 1 - (r.metrics.dev!.pearson as number) } } };
    const { gold, predicted } = r.predictions! as { gold: number[]; predicted: number[] };
    const value = gold.reduce((s, g, i) => s + (g - predicted[i]!) ** 2, 0) / gold.length;
    return { ...r, spec, protocol, metrics: { test: { mse: value } } };
  });
}

const loaded = (results: RunResult[]) => results.map((result) => ({ file: `${result.runId}.json`, result }));
const find = (comparisons: Comparison[], task: string, method: string) => comparisons.find((c) => c.task === task && c.method === method)!;

test('large effects over 8 seeds are significant both ways, on a max metric and on a min metric', () => {
  const report = buildReport(loaded(withMse(syntheticResults(options))), { ...defaultReportOptions, baseline: 'lora' });
  assert.equal(report.comparisons.length, 4);
  // Four comparisons, 8 seeds: every comparison can reach Holm-adjusted 4 · 2/256 = 0.03125.
  assert.equal(report.statistics.smallestPAdjusted, 0.03125);
  const cases: [string, string, string, number][] = [
    ['sst2', 'loreft', 'better', 1],
    ['sst2', 'direft', 'worse', -1],
    // mse: loreft's error is lower (a negative difference), which is better.
    ['stsb', 'loreft', 'better', -1],
    ['stsb', 'direft', 'worse', 1],
  ];
  for (const [task, method, verdict, sign] of cases) {
    const c = find(report.comparisons, task, method);
    assert.equal(c.metric.direction, task === 'stsb' ? 'min' : 'max');
    assert.equal(Math.sign(c.difference!), sign, `${task}/${method} difference ${c.difference}`);
    assert.equal(c.seedTest.pValue, 2 / 256, `${task}/${method}: every seed on one side`);
    assert.equal(c.seedTest.pAdjusted, 0.03125);
    assert.equal(c.verdict, verdict, `${task}/${method}`);
    // The CI over examples printed beside it lies on the same side of zero.
    assert.equal(Math.sign(c.exampleBootstrap.ciLow!), sign);
    assert.equal(Math.sign(c.exampleBootstrap.ciHigh!), sign);
  }
});

/**
 * Per-seed test scores set by hand (8 seeds, baseline "lora" at 0.70 + a small wobble), predictions
 * left out so that the seed test decides alone: raw p-values 2/256, 2/256, 8/256 and 190/256, Holm over
 * the four comparisons 0.03125, 0.03125, 0.0625 and 0.742.
 */
function handSet(metric: { name: 'accuracy' | 'mse'; direction: 'max' | 'min' }): RunResult[] {
  const wobble = [0.001, -0.002, 0.003, 0, -0.001, 0.002, -0.003, 0.001];
  const offsets: Record<string, number[]> = {
    lora: [0, 0, 0, 0, 0, 0, 0, 0],
    up: [0.05, 0.04, 0.06, 0.05, 0.07, 0.05, 0.06, 0.04],
    down: [-0.05, -0.04, -0.06, -0.05, -0.07, -0.05, -0.06, -0.04],
    weak: [0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, -0.04],
    none: [0.05, -0.04, 0.06, -0.05, 0.07, -0.05, 0.06, -0.04],
  };
  const methods = Object.keys(offsets).map((id) => ({ id, kind: id === 'lora' ? ('lora' as const) : ('loreft' as const), skill: 0.8, trainable: 1040 }));
  const results = syntheticResults({ ...options, tasks: [{ id: 'sst2', type: 'classification', examples: 40 }], methods });
  return results.map((r) => {
    const spec = { ...r.spec, task: { ...r.spec.task, metrics: [metric], selectionMetric: metric } };
    const protocol = { ...r.protocol, tuning: { ...r.protocol.tuning, selectionMetric: metric.name } };
    if (r.spec.phase === 'trial') return { ...r, spec, protocol, metrics: { dev: { [metric.name]: 0.7 } } };
    const s = r.spec.seed - 1;
    const { predictions: _, ...rest } = r;
    return { ...rest, spec, protocol, metrics: { test: { [metric.name]: 0.7 + wobble[s]! + offsets[r.spec.method.id]![s]! } } };
  });
}

test('the verdict follows the Holm-adjusted p, not the raw one', () => {
  const report = buildReport(loaded(handSet({ name: 'accuracy', direction: 'max' })), { ...defaultReportOptions, baseline: 'lora' });
  const weak = find(report.comparisons, 'sst2', 'weak');
  assert.equal(weak.exampleBootstrap.note, 'weak and lora: no per-example test predictions');
  assert.equal(weak.seedTest.pValue, 8 / 256);
  assert.equal(weak.seedTest.pAdjusted, 0.0625);
  // Raw p 0.031 < 0.05, adjusted 0.0625 ≥ 0.05.
  assert.equal(weak.verdict, 'no significant difference');
  assert.deepEqual(
    report.comparisons.map((c) => [c.method, c.seedTest.pAdjusted, c.verdict]),
    [['down', 0.03125, 'worse'], ['none', 0.7421875, 'no significant difference'], ['up', 0.03125, 'better'], ['weak', 0.0625, 'no significant difference']],
  );
});

test("a 'min' metric turns a higher score into worse", () => {
  const report = buildReport(loaded(handSet({ name: 'mse', direction: 'min' })), { ...defaultReportOptions, baseline: 'lora' });
  assert.equal(find(report.comparisons, 'sst2', 'up').verdict, 'worse');
  assert.equal(find(report.comparisons, 'sst2', 'down').verdict, 'better');
});

test('with Benjamini–Hochberg the same design reaches further', () => {
  const report = buildReport(loaded(handSet({ name: 'accuracy', direction: 'max' })), { ...defaultReportOptions, baseline: 'lora', correction: 'bh' });
  // BH: the smallest p stays 2/256 when all four sit at it.
  assert.equal(report.statistics.smallestPAdjusted, 2 / 256);
  assert.equal(find(report.comparisons, 'sst2', 'weak').verdict, 'better');
});

test('no verdict contradicts the CI printed beside it, in the fixtures and in the published reports', () => {
  const published = ['glue-mini', 'stories-recall'].map(
    (name) => JSON.parse(readFileSync(new URL(`../../reports/${name}/report.json`, import.meta.url), 'utf8')) as { comparisons: Comparison[] },
  );
  const built = [
    buildReport(loaded(withMse(syntheticResults(options))), { ...defaultReportOptions, baseline: 'lora' }),
    buildReport(loaded(syntheticResults(fixtureOptions)), defaultReportOptions),
  ];
  const all = [...published, ...built].flatMap((r) => r.comparisons);
  assert.ok(all.length >= 20);
  for (const c of all) {
    const { ciLow, ciHigh } = c.exampleBootstrap;
    if (ciLow === null || ciHigh === null) continue;
    const where = `${c.task}/${c.method} vs ${c.baseline}: ${c.verdict} beside [${ciLow}, ${ciHigh}]`;
    const higherIsBetter = c.metric.direction === 'max';
    if (c.verdict === 'better') assert.ok(higherIsBetter ? ciLow > 0 : ciHigh < 0, where);
    if (c.verdict === 'worse') assert.ok(higherIsBetter ? ciHigh < 0 : ciLow > 0, where);
    if (c.verdict === 'no significant difference') assert.ok(ciLow <= 0 && ciHigh >= 0, where);
  }
});
