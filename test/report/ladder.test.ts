/**
 * Compute-ladder reports (results of one model × task × method at several declared budgets, from
 * test/fixtures/ladder/ladder-results.ts: 3 levels × 2 methods × 2 tasks × 3 seeds): one entry per
 * level with its level and realised compute; comparisons only within a level, corrected together;
 * tables and the score-vs-compute chart per level; a report with one level per cell is no ladder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { levelKey, levelLabel } from '../../src/report/budget-level.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { completenessOf, describeGaps } from '../../src/report/completeness.ts';
import { renderCharts } from '../../src/report/charts/render.ts';
import { findFontFiles } from '../../src/report/charts/font.ts';
import { buildChartSpecs } from '../../src/report/charts/specs.ts';
import { renderCsv } from '../../src/report/render/csv.ts';
import { renderMarkdown } from '../../src/report/render/markdown.ts';
import { comparisonTable, costTable, mainTables, selectionTable } from '../../src/report/render/table-model.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { stableStringify } from '../../src/report/stable-json.ts';
import { adjustPValues } from '../../src/stats/multiple-comparisons.ts';
import type { Report } from '../../src/types/report.ts';
import type { RunResult } from '../../src/types/result.ts';
import { ladderOptions, ladderResults, taskLadderResults } from '../fixtures/ladder/ladder-results.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const options = { ...defaultReportOptions, resamples: 200 };
const reportOf = (results: RunResult[]) => buildReport(results.map((result) => ({ file: `${result.runId}.json`, result })), options);
const results = ladderResults();
const report = reportOf(results);
const primaryMean = (e: Report['entries'][number]) => e.test.find((m) => m.name === e.primaryMetric.name)!.mean!;

test('one entry per model × task × method × level, levels ascending, each with its declared level and realised compute', () => {
  assert.equal(report.entries.length, 2 * 2 * 3);
  for (const task of ['sst2', 'stsb']) {
    for (const method of ['lora', 'loreft']) {
      const mine = report.entries.filter((e) => e.task === task && e.method === method);
      assert.deepEqual(mine.map((e) => e.budget?.level.match?.amount), ladderOptions.levels, `${task}/${method}: one entry per level, in ladder order`);
      for (const e of mine) {
        const amount = e.budget!.level.match!.amount;
        assert.deepEqual(e.budget!.level, { rule: 'flops', match: { method: 'lora', rule: 'epochs', amount } });
        const finals = results.filter((r) => r.spec.phase === 'final' && r.spec.task.id === task && r.spec.method.id === method && r.spec.accounting?.budget?.match?.amount === amount);
        assert.equal(finals.length, 3);
        assert.deepEqual(e.runs.map((r) => r.runId).sort(), results.filter((r) => r.spec.task.id === task && r.spec.method.id === method && r.runId.endsWith(`-L${amount}`)).map((r) => r.runId).sort(), 'only its own level\'s runs');
        assert.equal(e.budget!.finalFlopsMean, finals.reduce((s, r) => s + r.compute.flops, 0) / 3);
        assert.equal(e.budget!.finalTokensMean, finals.reduce((s, r) => s + r.compute.tokens, 0) / 3);
        assert.equal(e.test[0]!.n, 3, 'three seeds per level, not nine');
      }
      // Skill grows with the level in the fixture: the selection and finals are the level's own.
      assert.ok(primaryMean(mine[2]!) > primaryMean(mine[0]!), `${task}/${method} improves along the ladder`);
    }
  }
  assert.equal(report.tuningCurves.length, 12);
  assert.equal(report.learningCurves.length, 12);
  assert.deepEqual(report.learningCurves.map((c) => levelKey(c.budget)), report.entries.map((e) => levelKey(e.budget!.level)));
});

test('the level order is the declared amount, whatever order the results come in; plain budgets are levels too', () => {
  const plain = reportOf(ladderResults({ ...ladderOptions, levels: [4, 1, 2], plain: true }).reverse());
  const amounts = plain.entries.filter((e) => e.task === 'sst2' && e.method === 'lora').map((e) => e.budget!.level);
  assert.deepEqual(amounts, [{ rule: 'flops', amount: 1e11 }, { rule: 'flops', amount: 2e11 }, { rule: 'flops', amount: 4e11 }]);
  assert.deepEqual(amounts.map((l) => levelLabel(l)), ['100 Gflops', '200 Gflops', '400 Gflops']);
});

test('comparisons never mix levels, and are corrected together over every level', () => {
  assert.equal(report.comparisons.length, 2 * 3, 'loreft vs lora per task and level');
  for (const c of report.comparisons) {
    assert.ok(c.budget, 'each comparison names its level');
    const at = (method: string) => report.entries.find((e) => e.task === c.task && e.method === method && levelKey(e.budget!.level) === levelKey(c.budget))!;
    assert.equal(c.difference, primaryMean(at(c.method)) - primaryMean(at(c.baseline)), `${c.task} at ${levelLabel(c.budget)}: both means of that level`);
    assert.equal(c.seedTest.pairedSeeds, 3);
  }
  // Listed level by level within each task.
  assert.deepEqual(report.comparisons.map((c) => [c.task, c.budget!.match!.amount]), [['sst2', 1], ['sst2', 2], ['sst2', 4], ['stsb', 1], ['stsb', 2], ['stsb', 4]]);
  const raw = report.comparisons.map((c) => c.seedTest.pValue!);
  assert.deepEqual(report.comparisons.map((c) => c.seedTest.pAdjusted), adjustPValues(raw, 'holm'), 'Holm over all six comparisons');
  // 3 seeds: smallest raw p 2/8; Holm over six comparisons lifts it to 1.
  assert.equal(report.statistics.smallestPAdjusted, 1);
});

test('tables: one main table per level, a budget column in the others, CSV with the declared level', () => {
  const mains = mainTables(report);
  assert.deepEqual(mains.map((t) => t.name), ['main-budget-1', 'main-budget-2', 'main-budget-3']);
  assert.deepEqual(mains.map((t) => t.heading), ['Results at budget 1 epoch of lora (flops)', 'Results at budget 2 epochs of lora (flops)', 'Results at budget 4 epochs of lora (flops)']);
  for (const [i, t] of mains.entries()) {
    assert.deepEqual(t.rows.map((r) => r.display[0]!.text), ['lora', 'loreft', 'majority class']);
    const lora = report.entries.filter((e) => e.method === 'lora' && e.task === 'sst2')[i]!;
    assert.equal(t.rows[0]!.csv[4], primaryMean(lora), 'the level\'s own mean');
  }
  const comparisons = comparisonTable(report);
  assert.equal(comparisons.headers[2], 'budget');
  assert.deepEqual(comparisons.rows.map((r) => r.display[2]!.text), ['1 epoch of lora (flops)', '2 epochs of lora (flops)', '4 epochs of lora (flops)', '1 epoch of lora (flops)', '2 epochs of lora (flops)', '4 epochs of lora (flops)']);
  const csv = renderCsv(comparisons).split('\r\n');
  assert.equal(csv[0], 'model,task,budget_rule,budget_amount,budget_match_method,budget_match_rule,method,baseline,metric,direction,difference,ci_low,ci_high,examples,paired_seeds,p_value,p_adjusted,verdict');
  assert.ok(csv[1]!.startsWith('fixture-tiny,sst2,flops,1,lora,epochs,loreft,lora,accuracy,'));
  for (const table of [selectionTable(report), costTable(report)]) assert.equal(table.headers[3], 'budget', table.name);
  const markdown = renderMarkdown(report, buildChartSpecs(report));
  assert.match(markdown, /## Results at budget 4 epochs of lora \(flops\)/);
  assert.match(markdown, /Holm over all comparisons of every budget level/);
  assert.match(markdown, /per task and budget level of the compute ladder, never across levels/);
});

test('the score-vs-compute chart: one point per level and method, x the realised FLOPs, t-interval bars, majority line', async () => {
  const charts = buildChartSpecs(report);
  assert.deepEqual(charts.map((c) => c.name), ['score-vs-params', 'score-vs-flops', 'score-vs-compute', 'learning-curves', 'tuning-curves']);
  const chart = charts.find((c) => c.name === 'score-vs-compute')!;
  const spec = chart.spec as { data: { values: Record<string, unknown>[] }; concat: { layer: { mark: { type: string }; encoding: Record<string, { field?: string; scale?: { type?: string } }> }[] }[] };
  const rows = spec.data.values;
  assert.equal(rows.length, 12, 'one point per task, method and level');
  for (const e of report.entries) {
    const metric = e.test.find((m) => m.name === e.primaryMetric.name)!;
    const row = rows.filter((r) => r.method === e.method && r.panel === `${e.task} (${e.primaryMetric.name})` && r.budget === levelLabel(e.budget!.level));
    assert.equal(row.length, 1);
    assert.equal(row[0]!.x, e.budget!.finalFlopsMean);
    assert.equal(row[0]!.mean, metric.mean! * 100);
    assert.equal(row[0]!.low, metric.ciLow! * 100);
    assert.equal(row[0]!.high, metric.ciHigh! * 100);
  }
  assert.deepEqual(rows.filter((r) => r.floorRow).map((r) => r.panel), ['sst2 (accuracy)', 'stsb (pearson)'], 'one majority-class line per task');
  const floor = report.majorityClass!.find((f) => f.task === 'sst2')!.metrics[0]!.value!;
  assert.equal(rows.find((r) => r.floorRow)!.floor, floor * 100);
  const layers = spec.concat[0]!.layer;
  assert.deepEqual(layers.map((l) => l.mark.type), ['rule', 'line', 'rule', 'point']);
  assert.equal(layers[3]!.encoding.x!.scale!.type, 'log');
  assert.equal(layers[1]!.encoding.color!.field, 'method');
  // The learning and tuning curves: one line per method and level (width by level), never one line through all levels.
  for (const name of ['learning-curves', 'tuning-curves']) {
    const curve = charts.find((c) => c.name === name)!.spec as typeof spec;
    const line = curve.concat[0]!.layer[0]! as { mark: { type: string; strokeWidth?: number }; encoding: Record<string, { field?: string; scale?: { domain?: unknown[] } }> };
    assert.equal(line.mark.strokeWidth, undefined, `${name}: the encoding sets the width`);
    assert.equal(line.encoding.strokeWidth!.field, 'budget');
    assert.deepEqual(line.encoding.strokeWidth!.scale!.domain, ['1 epoch', '2 epochs', '4 epochs']);
  }
  // Rendered like the others: in the SVG, 12 point symbols, one line per method in each of the 2 panels.
  const [rendered] = await renderCharts([chart], findFontFiles(process.env));
  const svg = rendered!.svg;
  assert.equal(svg.match(/aria-roledescription="point"/g)?.length, 12);
  assert.equal(svg.match(/aria-roledescription="line mark"/g)?.length, 4);
  assert.ok(rendered!.png.length > 0 && rendered!.pdf.length > 0);
});

test('one level per model × task × method is no ladder: no budget fields, no ladder chart, the same report as without budgets', () => {
  const withBudget = (rs: RunResult[], amountOf: (r: RunResult) => number) =>
    rs.map((r) => ({ ...r, spec: { ...r.spec, accounting: { ...r.spec.accounting!, budget: { rule: 'steps' as const, amount: amountOf(r) } } } }));
  const plainResults = syntheticResults(fixtureOptions);
  const before = reportOf(plainResults);
  // One suite-wide budget, or a task with its own (per-task compute): still one level per cell.
  for (const amountOf of [() => 100, (r: RunResult) => (r.spec.task.id === 'sst2' ? 100 : 200)]) {
    const after = reportOf(withBudget(plainResults, amountOf));
    assert.equal(stableStringify(after), stableStringify(before));
    assert.ok(!buildChartSpecs(after).some((c) => c.name === 'score-vs-compute'));
  }
  // A second level for one cell makes it a ladder: every entry then names its level.
  const second = withBudget(plainResults.filter((r) => r.spec.task.id === 'sst2' && r.spec.method.id === 'lora'), () => 200).map((r) => ({ ...r, runId: `${r.runId}-b`, spec: { ...r.spec, runId: `${r.runId}-b` } }));
  const ladder = reportOf([...withBudget(plainResults, () => 100), ...second]);
  assert.equal(ladder.entries.length, before.entries.length + 1);
  assert.ok(ladder.entries.every((e) => e.budget !== undefined));
  assert.ok(buildChartSpecs(ladder).some((c) => c.name === 'score-vs-compute'));
});

test('completeness counts a cell per level: a level missing for one method is a gap named with its level', () => {
  const full = completenessOf(report);
  assert.equal(full.cells, 12);
  assert.deepEqual(full.gaps, []);
  const gone = reportOf(results.filter((r) => !(r.spec.task.id === 'sst2' && r.spec.method.id === 'loreft' && r.spec.accounting?.budget?.match?.amount === 2)));
  const c = completenessOf(gone);
  assert.equal(c.cells, 12);
  assert.deepEqual(c.gaps, [{ model: 'fixture-tiny', task: 'sst2', method: 'loreft', budget: '2 epochs of lora (flops)', trials: 0, finals: 0 }]);
  assert.match(describeGaps(c), /fixture-tiny\/sst2\/loreft at 2 epochs of lora \(flops\) \(0 of 2 trials, 0 of 3 final runs\)/);
});

test('a task with its own ladder: levels numbered within that ladder, a task without one in a plain main table, no average over one task', () => {
  const perTask = reportOf(taskLadderResults());
  const mains = mainTables(perTask);
  assert.deepEqual(mains.map((t) => t.name), ['main', 'main-stsb-budget-1', 'main-stsb-budget-2']);
  assert.deepEqual(mains.map((t) => t.heading), ['Results of the tasks without a compute ladder', 'Results at budget 8 steps of lora (flops)', 'Results at budget 16 steps of lora (flops)']);
  assert.match(mains[0]!.caption, /^Each task at its one budget \(sst2: 1 epoch of lora \(flops\)\)\. /);
  assert.doesNotMatch(mains[0]!.caption, /level/);
  assert.match(mains[1]!.caption, /^Budget 8 steps of lora \(flops\), level 1 of stsb's own compute ladder\. /);
  assert.match(mains[2]!.caption, /^Budget 16 steps of lora \(flops\), level 2 of stsb's own compute ladder\. /);
  assert.deepEqual(mains.map((t) => t.headers.slice(3)), [['sst2'], ['stsb'], ['stsb']], 'one task per table: no avg column');
  assert.ok(mains.every((t) => t.rows.every((r) => r.display.length === 4)), 'nor an average cell, majority-class row included');
  // The suite's own ladder with several tasks keeps its average.
  assert.equal(mainTables(report)[0]!.headers.at(-1), 'avg');
});

test('the tuning curves\' budget legend draws one stroke per level, as wide as its line (not one same dot per level)', async () => {
  const chart = buildChartSpecs(report).find((c) => c.name === 'tuning-curves')!;
  const [rendered] = await renderCharts([chart], findFontFiles(process.env));
  const symbols = [...rendered!.svg.matchAll(/role-legend-symbol"[^>]*><path ([^>]*)\/>/g)].map((m) => m[1]!);
  const budget = symbols.filter((s) => /d="M-5,0L5,0"/.test(s));
  assert.equal(budget.length, 3, 'three stroke symbols, one per level');
  assert.ok(budget.every((s) => /stroke="#/.test(s)), 'each drawn with a visible stroke');
  assert.equal(new Set(budget.map((s) => /stroke-width="([\d.]+)"/.exec(s)?.[1])).size, 3, 'of three widths');
});

test('a ladder stopped early: counts from the declared ladder, levels without any result named, comparisons say no final runs exist yet', () => {
  const amountOf = (r: RunResult) => r.spec.accounting!.budget!.match!.amount;
  const stopped = results.filter((r) => r.spec.phase === 'trial' && (amountOf(r) === 1 || (amountOf(r) === 2 && r.spec.task.id === 'sst2')));
  const partial = reportOf(stopped);
  const c = completenessOf(partial);
  assert.equal(c.present, 12);
  assert.equal(c.cells, 2 * 3 * 2, 'every level of both tasks\' ladders, for both methods');
  assert.equal(c.planned, 12 * (2 + 3));
  assert.deepEqual(c.emptyLevels, [
    { model: 'fixture-tiny', task: 'sst2', budget: '4 epochs of lora (flops)', level: 3, levels: 3 },
    { model: 'fixture-tiny', task: 'stsb', budget: '2 epochs of lora (flops)', level: 2, levels: 3 },
    { model: 'fixture-tiny', task: 'stsb', budget: '4 epochs of lora (flops)', level: 3, levels: 3 },
  ]);
  const text = describeGaps(c);
  assert.match(text, /^No result at all at 3 levels of the compute ladder: fixture-tiny\/sst2 at 4 epochs of lora \(flops\) \(level 3 of 3\); fixture-tiny\/stsb at 2 epochs/);
  assert.match(text, /Incomplete results: 48 of at least 60 planned runs have no result file, in 12 of 12 \(model, task, method\) cells/);
  assert.ok(partial.comparisons.length > 0);
  for (const comparison of partial.comparisons) assert.equal(comparison.exampleBootstrap.note, 'loreft and lora: no final runs yet');
  // Stopped within the first level: still a ladder report, its entries at level 1, the other levels named.
  const first = reportOf(results.filter((r) => r.spec.phase === 'trial' && amountOf(r) === 1));
  assert.ok(first.entries.every((e) => e.budget?.level.match?.amount === 1));
  assert.deepEqual(completenessOf(first).emptyLevels.map((l) => [l.task, l.level]), [['sst2', 2], ['sst2', 3], ['stsb', 2], ['stsb', 3]]);
  assert.equal(completenessOf(first).planned, 60);
});

test('the protocol text puts the unit after the amounts and the ladder note after the unit, and says "1 epoch"', () => {
  assert.match(report.protocol.text[0]!, /^Compute is matched by flops: every method gets the flops that lora spends in each of 1, 2, 4 epochs \(a ladder: the whole protocol is repeated per amount\)\.$/);
  const perTask = reportOf(taskLadderResults());
  assert.equal(perTask.protocol.text[0], 'Compute is matched by flops: every method gets the flops that lora spends in 1 epoch.');
  assert.match(perTask.protocol.text.find((t) => t.startsWith('Task stsb'))!, /; its own compute rule, matched by flops: every method gets the flops that lora spends in each of 8, 16 steps \(a ladder: the whole protocol is repeated per amount\)\.$/);
});
