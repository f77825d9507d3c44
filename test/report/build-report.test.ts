/** What report.json says about the fixture suite, checked against facts of the fixture generator. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { validateReport } from '../../src/report/schema-validators.ts';
import { stableStringify } from '../../src/report/stable-json.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const results = syntheticResults(fixtureOptions);
const loaded = results.map((result) => ({ file: `${result.runId}.json`, result }));
const report = buildReport(loaded, defaultReportOptions);

test('the report validates against its schema and lists every model × task × method once', () => {
  const checked = validateReport(JSON.parse(stableStringify(report)));
  assert.ok(checked.ok, checked.ok ? '' : checked.problems.join('\n'));
  assert.equal(report.entries.length, 8);
  assert.deepEqual(
    report.entries.map((e) => `${e.task}/${e.method}/${e.family}`),
    ['sst2/bitfit/baseline', 'sst2/lora/baseline', 'sst2/direft/reft', 'sst2/loreft/reft', 'stsb/bitfit/baseline', 'stsb/lora/baseline', 'stsb/direft/reft', 'stsb/loreft/reft'],
  );
  assert.deepEqual(report.counts, { runs: 48, ok: 47, failed: 0, diverged: 1, timeout: 0, trials: 24, finals: 24 });
});

test("the protocol is suite-wide, with each task's own split and selection metric", () => {
  assert.deepEqual(report.protocol.tasks.map((t) => [t.task, t.selectionMetric, t.split.test]), [
    ['sst2', 'accuracy', 'synthetic sst2 held-out set (48 examples)'],
    ['stsb', 'pearson', 'synthetic stsb held-out set (32 examples)'],
  ]);
  assert.deepEqual(report.protocol.seeds, [1, 2, 3]);
  assert.match(report.protocol.text.join('\n'), /every method gets the flops that lora spends in 3 epochs[\s\S]*3 trials drawn by seeded random search \(sampler seed 0\)[\s\S]*Task stsb: selected by pearson/);
});

test('selection records every trial and picks the dev-best one', () => {
  for (const e of report.entries) {
    assert.equal(e.selection.trials.length, 3);
    assert.equal(e.selection.selectedIsDevBest, true, `${e.task}/${e.method}`);
    const best = Math.max(...e.selection.trials.map((t) => t.devScore ?? -Infinity));
    assert.equal(e.selection.trials.find((t) => t.trial === e.selection.selectedTrial)!.devScore, best);
  }
  const diverged = report.entries.find((e) => e.task === 'stsb' && e.method === 'direft')!;
  assert.equal(diverged.selection.trials[2]!.status, 'diverged');
  assert.equal(diverged.selection.trials[2]!.devScore, null);
  assert.deepEqual(report.failures.map((f) => [f.runId, f.status, f.reason]), [['fixture-tiny-stsb-direft-trial-2', 'diverged', 'loss became NaN at step 37']]);
});

test('test metrics are the mean and sample std over seeds of the per-run values, with a t-interval around the mean', () => {
  for (const e of report.entries) {
    for (const m of e.test) {
      const values = results
        .filter((r) => r.spec.phase === 'final' && r.spec.task.id === e.task && r.spec.method.id === e.method)
        .map((r) => r.metrics.test![m.name] as number);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
      assert.ok(Math.abs(m.mean! - mean) < 1e-12 && Math.abs(m.std! - std) < 1e-12, `${e.task}/${e.method}/${m.name}`);
      const eps = 1e-12;
      assert.ok(m.ciLow! <= m.mean! + eps && m.mean! <= m.ciHigh! + eps, `${m.ciLow} ≤ ${m.mean} ≤ ${m.ciHigh}`);
      // 3 seeds: t(0.975, 2) = 4.302652729749462 (scipy), half-width t · std / √3.
      const half = (4.302652729749462 * std) / Math.sqrt(3);
      // Cut to the metric's range (accuracy and correlations cannot pass 1).
      const low = Math.max(m.name === 'accuracy' ? 0 : -1, mean - half);
      const high = Math.min(1, mean + half);
      assert.ok(Math.abs(m.ciLow! - low) < 1e-6 && Math.abs(m.ciHigh! - high) < 1e-6, `[${m.ciLow}, ${m.ciHigh}] vs ${mean} ± ${half}`);
    }
  }
});

test('parameter percentages follow the ReFT paper and peft conventions', () => {
  const loreft = report.entries.find((e) => e.method === 'loreft')!;
  assert.equal(loreft.params.paperPercent, (100 * 1040) / 1_000_000);
  assert.equal(loreft.params.peftPercent, (100 * (1040 + 258)) / (1_000_000 + 1040 + 258));
});

test('comparisons: each ReFT method against each baseline per task, with corrected seed tests', () => {
  assert.equal(report.comparisons.length, 8);
  for (const c of report.comparisons) {
    const mean = (method: string) => report.entries.find((e) => e.task === c.task && e.method === method)!.test[0]!.mean!;
    assert.ok(Math.abs(c.difference! - (mean(c.method) - mean(c.baseline))) < 1e-12);
    assert.equal(c.seedTest.pairedSeeds, 3);
    // Three seeds: exact p is a multiple of 1/8, never below 0.25; Holm over 8 tests cannot reach 0.05.
    assert.ok([0.25, 0.5, 0.75, 1].includes(c.seedTest.pValue!), `p ${c.seedTest.pValue}`);
    assert.ok(c.seedTest.pAdjusted! >= c.seedTest.pValue!);
    assert.equal(c.seedTest.smallestPAdjusted, 1);
    assert.equal(c.verdict, 'cannot be significant with 3 seeds');
    assert.equal(c.exampleBootstrap.examples, c.task === 'sst2' ? 48 : 32);
    assert.ok(c.exampleBootstrap.ciLow! <= c.difference! + 1e-12 && c.difference! <= c.exampleBootstrap.ciHigh! + 1e-12);
  }
  assert.equal(report.statistics.smallestPAdjusted, 1);
  assert.match(report.statistics.text.join('\n'), /smallest adjusted p-value this design can reach \(every one of its 8 tested comparisons at its most extreme sign pattern\) is 1, not below 0\.05, so no comparison can be significant/);
});

test('the majority-class floor of each task comes from the test labels of the final runs', () => {
  const finals = (task: string) => results.find((r) => r.spec.phase === 'final' && r.spec.task.id === task && r.status === 'ok')!.predictions!.gold as number[];
  const sst2 = finals('sst2');
  const ones = sst2.filter((g) => g === 1).length;
  const stsb = finals('stsb');
  assert.deepEqual(report.majorityClass, [
    { model: 'fixture-tiny', task: 'sst2', rule: 'most frequent label', examples: 48, metrics: [{ name: 'accuracy', direction: 'max', value: Math.max(ones, 48 - ones) / 48 }] },
    {
      model: 'fixture-tiny', task: 'stsb', rule: 'mean label', examples: stsb.length,
      metrics: [{ name: 'pearson', direction: 'max', value: 0 }, { name: 'spearman', direction: 'max', value: 0 }],
    },
  ]);
});

test('tuning curves start at the mean dev score and end at the best; a diverged trial shortens the curve', () => {
  for (const curve of report.tuningCurves) {
    const entry = report.entries.find((e) => e.task === curve.task && e.method === curve.method)!;
    const scores = entry.selection.trials.map((t) => t.devScore).filter((v): v is number => v !== null);
    assert.equal(curve.points.length, scores.length);
    assert.ok(Math.abs(curve.points[0]!.expected - scores.reduce((s, v) => s + v, 0) / scores.length) < 1e-12);
    assert.ok(curve.points.at(-1)!.expected <= Math.max(...scores) + 1e-12);
  }
  assert.equal(report.tuningCurves.find((c) => c.task === 'stsb' && c.method === 'direft')!.points.length, 2);
});

test('learning curves average the seeds with a min..max band', () => {
  for (const curve of report.learningCurves) {
    assert.equal(curve.seeds, 3);
    assert.equal(curve.points.length, fixtureOptions.lossPoints);
    for (const p of curve.points) assert.ok(p.low <= p.mean && p.mean <= p.high);
  }
});

test('a stronger resampling seed changes intervals but not means', () => {
  const other = buildReport(loaded, { ...defaultReportOptions, seed: 7 });
  assert.deepEqual(other.entries.map((e) => e.test.map((m) => m.mean)), report.entries.map((e) => e.test.map((m) => m.mean)));
  assert.notDeepEqual(other.comparisons.map((c) => c.exampleBootstrap.ciLow), report.comparisons.map((c) => c.exampleBootstrap.ciLow));
});
