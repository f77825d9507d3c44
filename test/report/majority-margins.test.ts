/**
 * Margins over the majority class in a report (report.majorityMargins, majority-margins.ts): one per
 * method with both intervals, the best method of each task marked, clear only when both intervals
 * lie above zero; a task whose best method is far above the floor (easy), one where no method is
 * (coin: every method predicts at random), and an error metric (mse, lower is better) whose best
 * method is far below the constant's error. Rendered beside the main table in every format; the same
 * results give the same bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../src/report/build-report.ts';
import { levelKey } from '../../src/report/budget-level.ts';
import { majorityConstant } from '../../src/report/majority-class.ts';
import { renderCsv } from '../../src/report/render/csv.ts';
import { renderHtml } from '../../src/report/render/html.ts';
import { renderLatex } from '../../src/report/render/latex.ts';
import { renderMarkdown } from '../../src/report/render/markdown.ts';
import { mainTables, marginTables } from '../../src/report/render/table-model.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { stableStringify } from '../../src/report/stable-json.ts';
import { testSetResamples } from '../../src/report/test-set-scores.ts';
import { resampledSeedMeans } from '../../src/stats/bootstrap.ts';
import { exampleMargin } from '../../src/stats/floor-margin.ts';
import { resampledMetrics } from '../../src/stats/resampled-metrics.ts';
import { tMeanCI } from '../../src/stats/t-interval.ts';
import type { MajorityMargin, Report } from '../../src/types/report.ts';
import type { RunResult } from '../../src/types/result.ts';
import { ladderResults } from '../fixtures/ladder/ladder-results.ts';
import { fixtureOptions, syntheticResults, type SyntheticOptions } from '../fixtures/results/synthetic-results.ts';

const seeds = [1, 2, 3, 4, 5, 6];
const methods = [
  { id: 'big_lora', kind: 'lora', skill: 0.9, trainable: 8192 },
  { id: 'direft', kind: 'direft', skill: 0.8, trainable: 1040 },
  { id: 'loreft', kind: 'loreft', skill: 0.85, trainable: 1040 },
] as const;
const base: SyntheticOptions = { ...fixtureOptions, suiteName: 'fixture-margins', methods: [...methods], trials: 1, seeds, failures: {} };
/** Skill is the probability of a right label: at 0.5 every method guesses. */
const coin: SyntheticOptions = { ...base, methods: methods.map((m) => ({ ...m, skill: 0.5 })) };

/** The regression task scored by mean squared error (a 'min' metric), from each run's own predictions. */
function withMse(results: RunResult[]): RunResult[] {
  const mse = { name: 'mse', direction: 'min' } as const;
  return results.map((r) => {
    if (r.spec.task.type !== 'regression') return r;
    const spec = { ...r.spec, task: { ...r.spec.task, metrics: [mse], selectionMetric: mse } };
    const protocol = { ...r.protocol, tuning: { ...r.protocol.tuning, selectionMetric: 'mse' } };
    if (r.spec.phase === 'trial') return { ...r, spec, protocol, metrics: { dev: { mse: 1 - (r.metrics.dev!.pearson as number) } } };
    const { gold, predicted } = r.predictions! as { gold: number[]; predicted: number[] };
    return { ...r, spec, protocol, metrics: { test: { mse: gold.reduce((s, g, i) => s + (g - predicted[i]!) ** 2, 0) / gold.length } } };
  });
}

const results = [
  ...withMse(syntheticResults({ ...base, tasks: [{ id: 'easy', type: 'classification', examples: 400 }, { id: 'err', type: 'regression', examples: 200 }] })),
  ...syntheticResults({ ...coin, tasks: [{ id: 'coin', type: 'classification', examples: 400 }] }),
];
const options = { ...defaultReportOptions, resamples: 500 };
const reportOf = (rs: RunResult[]) => buildReport(rs.map((result) => ({ file: `${result.runId}.json`, result })), options);
const report = reportOf(results);
const margin = (r: Report, task: string, method: string) => r.majorityMargins!.find((m) => m.task === task && m.method === method)!;
const best = (r: Report, task: string) => r.majorityMargins!.filter((m) => m.task === task && m.best);
const primary = (r: Report, task: string, method: string) => {
  const e = r.entries.find((x) => x.task === task && x.method === method)!;
  return e.test.find((m) => m.name === e.primaryMetric.name)!;
};

test('one margin per method and task: the mean past the floor and the t-interval of the per-seed margins', () => {
  assert.equal(report.majorityMargins!.length, 9);
  for (const m of report.majorityMargins!) {
    const test = primary(report, m.task, m.method);
    const floor = report.majorityClass!.find((f) => f.task === m.task)!.metrics.find((x) => x.name === m.metric.name)!.value!;
    assert.equal(m.majorityClass, floor);
    assert.equal(m.mean, test.mean);
    const sign = m.metric.direction === 'max' ? 1 : -1;
    const perSeed = test.perSeed.map((s) => sign * (s.value! - floor));
    assert.ok(Math.abs(m.margin! - sign * (test.mean! - floor)) < 1e-12, `${m.task}/${m.method}`);
    const ci = tMeanCI(perSeed, 0.95);
    assert.equal(m.seeds.n, 6);
    assert.ok(Math.abs(m.seeds.ciLow! - ci.low) < 1e-12 && Math.abs(m.seeds.ciHigh! - ci.high) < 1e-12, `${m.task}/${m.method} seeds`);
  }
});

test('the interval over examples is method − constant on the comparisons\' resamples of the same test set', () => {
  for (const m of report.majorityMargins!) {
    const finals = results.filter((r) => r.spec.phase === 'final' && r.spec.task.id === m.task && r.spec.method.id === m.method);
    const gold = finals[0]!.predictions!.gold as number[];
    const resamples = testSetResamples(m.model, m.task, gold.length, options);
    const metric = resampledMetrics[m.metric.name]!;
    const constant = majorityConstant(finals[0]!.spec.task, gold) as number;
    const method = resampledSeedMeans(gold, finals.map((r) => r.predictions!.predicted as number[]), metric, resamples);
    const floor = resampledSeedMeans(gold, [gold.map(() => constant)], metric, resamples);
    const expected = exampleMargin(method, floor, m.metric.direction, 0.95);
    assert.deepEqual(m.exampleBootstrap, { examples: gold.length, ciLow: expected.low, ciHigh: expected.high, note: null }, `${m.task}/${m.method}`);
  }
});

test('the best method of each task is the main table\'s bold one, and is clear only where both intervals are above zero', () => {
  for (const task of ['easy', 'err', 'coin']) assert.equal(best(report, task).length, 1, task);
  // easy: far above the floor on both intervals.
  const easy = best(report, 'easy')[0]!;
  assert.equal(easy.method, 'big_lora');
  assert.ok(easy.margin! > 0.3 && easy.seeds.ciLow! > 0.3 && easy.exampleBootstrap.ciLow! > 0.3, JSON.stringify(easy));
  assert.equal(easy.clear, true);
  // mse: the lowest error is best, and its margin (constant's error − its error) is positive and clear.
  const err = best(report, 'err')[0]!;
  assert.equal(err.metric.direction, 'min');
  assert.equal(err.method, 'big_lora');
  assert.ok(err.mean! < err.majorityClass && err.margin! > 0 && err.seeds.ciLow! > 0 && err.exampleBootstrap.ciLow! > 0, JSON.stringify(err));
  assert.equal(err.clear, true);
  assert.ok(report.majorityMargins!.filter((m) => m.task === 'err').every((m) => m.mean! >= err.mean!));
  // coin: every method guesses; the best one's intervals straddle zero.
  const coinBest = best(report, 'coin')[0]!;
  assert.ok(coinBest.exampleBootstrap.ciLow! < 0 && coinBest.seeds.ciLow! < 0, JSON.stringify(coinBest));
  assert.equal(coinBest.clear, false);
  assert.ok(report.majorityMargins!.filter((m) => m.task === 'coin').every((m) => !m.clear));
  // Bold in the main table = best here.
  const [main] = mainTables(report);
  const tasks = main!.headers.slice(3, -1);
  for (const [i, task] of tasks.entries()) {
    const boldRow = main!.rows.find((r) => r.display[3 + i]!.best)!;
    assert.equal(boldRow.display[0]!.text, best(report, task)[0]!.method, task);
  }
});

test('clear needs both intervals: a margin above zero over seeds but not over examples is not clear', () => {
  const mixed = report.majorityMargins!.filter((m) => (m.seeds.ciLow! > 0) !== (m.exampleBootstrap.ciLow! > 0));
  for (const m of mixed) assert.equal(m.clear, false, `${m.task}/${m.method}`);
  for (const m of report.majorityMargins!) assert.equal(m.clear, m.seeds.ciLow! > 0 && m.exampleBootstrap.ciLow! > 0, `${m.task}/${m.method}`);
});

test('every seed just above the floor is clear over seeds but not over examples, so not clear', () => {
  // direft on coin predicts the majority label everywhere but on two examples it gets right instead,
  // identically for every seed: the per-seed margins are all 2/400 (a zero-width interval above zero),
  // but a resample misses both examples with probability (1 − 2/400)^400 ≈ 0.13, so the interval over
  // examples reaches zero.
  const edited = results.map((r) => {
    if (r.spec.task.id !== 'coin' || r.spec.method.id !== 'direft' || r.spec.phase !== 'final') return r;
    const gold = r.predictions!.gold as number[];
    const constant = majorityConstant(r.spec.task, gold) as number;
    const right = gold.flatMap((g, i) => (g === constant ? [] : [i])).slice(0, 2);
    const predicted = gold.map((g, i) => (right.includes(i) ? g : constant));
    return { ...r, metrics: { test: { accuracy: predicted.filter((p, i) => p === gold[i]).length / gold.length } }, predictions: { ...r.predictions!, predicted } };
  });
  const m = margin(reportOf(edited), 'coin', 'direft');
  assert.ok(Math.abs(m.margin! - 2 / 400) < 1e-12 && Math.abs(m.seeds.ciLow! - 2 / 400) < 1e-12, JSON.stringify(m.seeds));
  assert.ok(m.exampleBootstrap.ciLow! <= 0 && m.exampleBootstrap.ciHigh! > 0, JSON.stringify(m.exampleBootstrap));
  assert.equal(m.clear, false);
});

test('a method without per-example predictions gets the interval over seeds alone, and says so', () => {
  const stripped = results.map((r) => (r.spec.method.id === 'direft' && r.spec.phase === 'final' && r.spec.task.id === 'easy' ? { ...r, predictions: undefined } : r));
  const m = margin(reportOf(stripped), 'easy', 'direft');
  assert.deepEqual(m.exampleBootstrap, { examples: 0, ciLow: null, ciHigh: null, note: 'no per-example test predictions' });
  assert.ok(m.seeds.ciLow! > 0);
  assert.equal(m.clear, true, 'the seeds decide alone');
  assert.deepEqual(margin(reportOf(stripped), 'easy', 'big_lora'), margin(report, 'easy', 'big_lora'), 'the others are unchanged');
});

test('the statistics text states the rule', () => {
  const text = report.statistics.text.find((t) => t.startsWith('Margin over the majority class'))!;
  assert.match(text, /clear only when both intervals lie above zero/);
  assert.match(text, /t-interval of the per-seed margins/);
  assert.match(text, /paired percentile bootstrap interval over test examples/);
  assert.match(text, /interval over seeds decides alone/);
  assert.match(text, /picked on test, so its row is descriptive/);
});

test('rendered beside the main table: one row per task, its best method, both intervals and ✓/✗, escaped in every format', () => {
  const [table] = marginTables(report);
  assert.equal(table!.name, 'margins');
  const rows = new Map(table!.rows.map((r) => [r.display[0]!.text, r.display.map((c) => c.text)]));
  assert.deepEqual([...rows.keys()], ['coin', 'easy', 'err']);
  const easy = margin(report, 'easy', 'big_lora');
  assert.deepEqual(rows.get('easy'), [
    'easy', 'big_lora', 'accuracy', (100 * easy.majorityClass).toFixed(1), (100 * easy.mean!).toFixed(1), `+${(100 * easy.margin!).toFixed(1)}`,
    `[+${(100 * easy.seeds.ciLow!).toFixed(1)}, +${(100 * easy.seeds.ciHigh!).toFixed(1)}]`,
    `[+${(100 * easy.exampleBootstrap.ciLow!).toFixed(1)}, +${(100 * easy.exampleBootstrap.ciHigh!).toFixed(1)}]`,
    '✓', 'big_lora, direft, loreft (3 of 3)',
  ]);
  assert.equal(rows.get('coin')![8], '✗');
  assert.equal(rows.get('coin')![9], 'none (0 of 3)');
  // mse is not scaled ×100.
  assert.equal(rows.get('err')![5], `+${margin(report, 'err', 'big_lora').margin!.toPrecision(4)}`);
  const coinBest = best(report, 'coin')[0]!.method;
  const md = renderMarkdown(report, []);
  assert.match(md, /### Above the majority class\n\n.*\n\n\| task \| best method \|/);
  assert.match(md, /\| easy \| big\\_lora \| accuracy \|.*\| ✓ \| big\\_lora, direft, loreft \(3 of 3\) \|/);
  assert.ok(md.indexOf('### Above the majority class') < md.indexOf('## Comparisons'), 'right under the main table');
  const html = renderHtml(report, []);
  assert.match(html, /<h4>Above the majority class<\/h4>\n<figure><table>/);
  assert.match(html, new RegExp(`<td>coin</td><td>${coinBest}</td>.*<td>✗</td>`));
  const tex = renderLatex(table!);
  assert.match(tex, /^easy & big\\_lora & accuracy & .* & yes & /m);
  assert.match(tex, new RegExp(`^coin & ${coinBest} & accuracy & .* & no & none`, 'm'));
  const csv = renderCsv(table!);
  assert.match(csv, /^task,method,metric,direction,majority_class,mean,margin,seeds,seed_ci_low,seed_ci_high,examples,example_ci_low,example_ci_high,example_note,clear,methods_clear,methods\r\n/);
  assert.match(csv, /\r\neasy,big_lora,accuracy,max,[^,]+,[^,]+,[^,]+,6,[^,]+,[^,]+,400,[^,]+,[^,]+,,yes,big_lora direft loreft,3\r\n/);
});

test('a report made before margins were recorded renders without them', () => {
  const { majorityMargins: _, ...old } = report;
  assert.deepEqual(marginTables(old), [null]);
  assert.doesNotMatch(renderMarkdown(old, []), /Above the majority class/);
});

test('the same results give the same margins and tables byte for byte', () => {
  const again = reportOf(results.map((r) => structuredClone(r)));
  assert.equal(stableStringify(again), stableStringify(report));
  assert.equal(renderMarkdown(again, []), renderMarkdown(report, []));
  assert.equal(renderCsv(marginTables(again)[0]!), renderCsv(marginTables(report)[0]!));
});

test('a compute-ladder report has margins per budget level, a best per level and a margin table beside each level\'s main table', () => {
  const ladder = buildReport(ladderResults().map((result) => ({ file: `${result.runId}.json`, result })), { ...defaultReportOptions, resamples: 200 });
  const levels = [...new Set(ladder.entries.map((e) => levelKey(e.budget!.level)))];
  assert.equal(levels.length, 3);
  assert.equal(ladder.majorityMargins!.length, ladder.entries.length);
  for (const e of ladder.entries) {
    const m = ladder.majorityMargins!.find((x) => x.task === e.task && x.method === e.method && levelKey(x.budget) === levelKey(e.budget!.level));
    assert.ok(m, `${e.task}/${e.method} at ${levelKey(e.budget!.level)}`);
    assert.equal(m.mean, e.test.find((t) => t.name === e.primaryMetric.name)!.mean);
  }
  for (const level of levels) {
    for (const task of ['sst2', 'stsb']) {
      const mine = ladder.majorityMargins!.filter((m: MajorityMargin) => m.task === task && levelKey(m.budget) === level);
      assert.equal(mine.filter((m) => m.best).length, 1, `${task} at ${level}`);
      const top = Math.max(...mine.map((m) => m.mean!));
      assert.equal(mine.find((m) => m.best)!.mean, top);
    }
  }
  const tables = marginTables(ladder);
  assert.deepEqual(tables.map((t) => t?.name), ['margins-budget-1', 'margins-budget-2', 'margins-budget-3']);
  assert.deepEqual(mainTables(ladder).map((t) => t.name), ['main-budget-1', 'main-budget-2', 'main-budget-3']);
  assert.match(tables[0]!.caption, /^Budget .*, level 1 of the compute ladder\. /);
  assert.match(ladder.statistics.text.find((t) => t.startsWith('Margin over'))!, /per task and budget level/);
});
