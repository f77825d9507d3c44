/** The majority-class floor is a row of the main table and a line on the score charts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../src/report/build-report.ts';
import { buildChartSpecs } from '../../src/report/charts/specs.ts';
import { mainTables } from '../../src/report/render/table-model.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const report = buildReport(syntheticResults(fixtureOptions).map((result) => ({ file: `${result.runId}.json`, result })), defaultReportOptions);
const sst2 = report.majorityClass!.find((f) => f.task === 'sst2')!.metrics[0]!.value!;

test('the main table ends with the majority-class row, never marked best, with its average', () => {
  const [table] = mainTables(report);
  const last = table!.rows.at(-1)!;
  assert.deepEqual(last.display.map((c) => c.text), ['majority class', 'constant', '–', (sst2 * 100).toFixed(1), '0.0', ((sst2 * 100 + 0) / 2).toFixed(1)]);
  assert.ok(last.display.every((c) => !c.best));
  assert.deepEqual(last.csv.slice(0, 5), ['majority class', 'constant', null, null, sst2]);
  assert.match(table!.caption, /Majority class: the score of predicting the test set's most frequent label/);
});

test('a report without floors (made before they were recorded) has no such row', () => {
  const { majorityClass: _, ...old } = report;
  assert.ok(mainTables(old)[0]!.rows.every((r) => r.display[0]!.text !== 'majority class'));
});

test('each score chart draws the floor once per panel as a horizontal rule', () => {
  for (const chart of buildChartSpecs(report).filter((c) => c.name.startsWith('score-vs'))) {
    const values = (chart.spec.data as { values: Record<string, unknown>[] }).values.filter((v) => v.floorRow);
    assert.equal(values.length, 2, chart.name);
    const text = JSON.stringify(chart.spec);
    assert.match(text, /"filter":"datum\.floorRow"/);
    // On the chart's scale (×100 for bounded metrics where the chart draws scores so).
    const floors = values.map((v) => v.floor as number);
    assert.ok(floors.includes(0) && floors.some((f) => Math.abs(f - sst2) < 1e-12 || Math.abs(f - 100 * sst2) < 1e-9), String(floors));
  }
});
