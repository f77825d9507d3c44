/**
 * The charts' Vega-Lite specs as a reader sees them: each method kind keeps its colour and shape in
 * every report (ReFT in cool hues, weight methods in warm ones) with the legend in table order;
 * scores on the tables' scale with the metric on the axis; points with the same x dodged in pixels
 * but not moved in value, and marked as sharing it; the compute axis from zero with SI labels;
 * no title inside the figure; panels sized to the page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { buildChartSpecs } from '../../src/report/charts/specs.ts';
import { panelSize, PAGE_WIDTH } from '../../src/report/charts/layout.ts';
import { methodStyles } from '../../src/report/charts/method-style.ts';
import { fixtureOptions, syntheticResults, type SyntheticOptions } from '../fixtures/results/synthetic-results.ts';

function reportOf(options: SyntheticOptions) {
  return buildReport(syntheticResults(options).map((result) => ({ file: `${result.runId}.json`, result })), { ...defaultReportOptions, resamples: 200 });
}

type Spec = { description?: string; title?: unknown; concat: { width: number; title: { text: string }; layer: Layer[] }[]; data: { values: Record<string, unknown>[] } };
type Layer = { mark: { type: string; xOffset?: { expr: string } }; transform?: unknown[]; encoding: Record<string, { field?: string; title?: string; scale?: { domain?: unknown[]; range?: unknown[]; type?: string }; axis?: { labelExpr?: string } }> };

const spec = (report: ReturnType<typeof reportOf>, name: string) => buildChartSpecs(report).find((c) => c.name === name)!.spec as unknown as Spec;
const pointLayer = (s: Spec) => s.concat[0]!.layer.find((l) => l.mark.type === 'point')!;

test('each method kind has the same colour and shape in every report; the legend follows the table', () => {
  const one = reportOf(fixtureOptions);
  const other = reportOf({ ...fixtureOptions, methods: [fixtureOptions.methods[3]!, { id: 'full-ft', kind: 'full', skill: 0.9, trainable: 900_000 }, fixtureOptions.methods[2]!] });
  for (const report of [one, other]) {
    const point = pointLayer(spec(report, 'score-vs-params'));
    const methods = [...new Set(report.entries.map((e) => e.method))];
    assert.deepEqual(point.encoding.color!.scale!.domain, methods, 'legend order = table order');
    const kinds = methods.map((m) => report.entries.find((e) => e.method === m)!.kind as keyof typeof methodStyles);
    assert.deepEqual(point.encoding.color!.scale!.range, kinds.map((k) => methodStyles[k].colour));
    assert.deepEqual(point.encoding.shape!.scale!.range, kinds.map((k) => methodStyles[k].shape));
    for (const name of ['learning-curves', 'tuning-curves']) {
      const line = spec(report, name).concat[0]!.layer[0]!;
      assert.deepEqual(line.encoding.color!.scale!.range, kinds.map((k) => methodStyles[k].colour), `${name} uses the same colours`);
    }
  }
});

test('two methods of one kind in a report get two shades of that kind\'s colour', () => {
  const report = reportOf({ ...fixtureOptions, methods: [...fixtureOptions.methods, { id: 'lora-r16', kind: 'lora', skill: 0.81, trainable: 16384 }] });
  const range = pointLayer(spec(report, 'score-vs-params')).encoding.color!.scale!.range as string[];
  assert.equal(new Set(range).size, range.length, 'every method has its own colour');
});

test('scores are on the tables\' scale (×100 for bounded metrics) with the metric named on each panel\'s axis', () => {
  const report = reportOf(fixtureOptions);
  for (const name of ['score-vs-params', 'score-vs-flops']) {
    const s = spec(report, name);
    assert.deepEqual(s.concat.map((v) => v.title.text), ['sst2 (accuracy)', 'stsb (pearson)']);
    assert.deepEqual(s.concat.map((v) => v.layer.find((l) => l.mark.type === 'point')!.encoding.y!.title), ['test accuracy ×100', 'test pearson ×100']);
    for (const row of s.data.values.filter((r) => r.method === 'loreft' && r.panel === 'sst2 (accuracy)')) {
      const mean = report.entries.find((e) => e.method === 'loreft' && e.task === 'sst2')!.test.find((m) => m.name === 'accuracy')!.mean!;
      assert.equal(row.mean, mean * 100);
    }
  }
  const tuning = spec(report, 'tuning-curves');
  assert.deepEqual(tuning.concat.map((v) => v.layer[0]!.encoding.y!.title), ['best dev accuracy ×100', 'best dev pearson ×100']);
  assert.ok((tuning.data.values as { expected: number }[]).some((r) => r.expected > 1), 'tuning curves ×100 too');
});

test('points at the same x are dodged in pixels, keep their values, and the shared value is marked and named', () => {
  // direft and loreft have the same trainable count in the fixture, so the same parameter share.
  const report = reportOf(fixtureOptions);
  const s = spec(report, 'score-vs-params');
  const rows = s.data.values.filter((r) => r.panel === 'sst2 (accuracy)' && r.x !== undefined && r.method !== undefined);
  const direft = rows.find((r) => r.method === 'direft')!;
  const loreft = rows.find((r) => r.method === 'loreft')!;
  assert.equal(direft.x, loreft.x, 'the values stay identical');
  assert.equal(direft.x, report.entries.find((e) => e.method === 'direft' && e.task === 'sst2')!.params.paperPercent);
  assert.ok(Math.abs((direft.dx as number) - (loreft.dx as number)) >= 10, `drawn apart (${direft.dx}, ${loreft.dx})`);
  assert.equal(direft.sharedX, true);
  assert.equal(rows.find((r) => r.method === 'lora')!.sharedX, false);
  const layers = s.concat[0]!.layer;
  for (const l of layers.filter((l) => l.mark.type === 'point' || (l.mark.type === 'rule' && l.encoding.y2))) assert.deepEqual(l.mark.xOffset, { expr: 'datum.dx' });
  assert.ok(layers.some((l) => l.mark.type === 'rule' && JSON.stringify(l.transform) === JSON.stringify([{ filter: 'datum.sharedX' }])), 'a line marks the shared value');
  assert.match(buildChartSpecs(report)[0]!.caption, /direft and loreft have the same parameter share \(0\.1%\) in every panel/);
});

test('the compute axis starts at zero and labels FLOPs with SI prefixes as people write them', () => {
  const s = spec(reportOf(fixtureOptions), 'score-vs-flops');
  for (const view of s.concat) {
    const x = view.layer.find((l) => l.mark.type === 'point')!.encoding.x!;
    assert.equal(x.scale!.type, 'linear');
    assert.equal(x.scale!.domain![0], 0);
    assert.ok((x.scale!.domain![1] as number) >= Math.max(...s.data.values.filter((r) => r.panel === view.title.text && typeof r.x === 'number').map((r) => r.x as number)));
    assert.match(x.axis!.labelExpr!, /FLOP/);
  }
});

test('no title inside the figure (the page prints it once); panels sized so the chart fills but fits the page', () => {
  const report = reportOf(fixtureOptions);
  for (const chart of buildChartSpecs(report)) {
    const s = chart.spec as unknown as Spec;
    assert.equal(s.title, undefined, `${chart.name} has no title of its own`);
    assert.equal(s.description, chart.caption);
    for (const view of s.concat) assert.equal(view.width, panelSize(2).width);
  }
  assert.equal(panelSize(1).width, 600, 'one panel is not drawn 260 px wide');
  for (const n of [1, 2, 3, 7]) {
    const size = panelSize(n);
    assert.ok(size.columns * (size.width + 65) + 130 <= PAGE_WIDTH, `${n} panels fit ${PAGE_WIDTH} px`);
  }
});

test('reference lines (majority class, Pareto frontier, shared value) are grey, so none reads as a method', () => {
  const grey = (c: string) => {
    const hex = c.length === 4 ? [...c.slice(1)].map((d) => d + d) : [c.slice(1, 3), c.slice(3, 5), c.slice(5, 7)];
    return new Set(hex.map((h) => h.toLowerCase())).size === 1;
  };
  for (const chart of buildChartSpecs(reportOf(fixtureOptions))) {
    for (const view of (chart.spec as unknown as Spec).concat) {
      for (const layer of view.layer) {
        const colour = (layer.mark as { color?: string }).color;
        if (colour) assert.ok(grey(colour), `${chart.name}: a ${layer.mark.type} in ${colour}, which could be read as a method's colour`);
      }
    }
  }
});
