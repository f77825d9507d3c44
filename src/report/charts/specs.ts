/**
 * The report's charts as Vega-Lite specs (data inline, one facet per model × task):
 *   score-vs-params   test score (mean, CI at the report's confidence) vs trainable parameters % (log x), Pareto frontier
 *   score-vs-flops    test score vs training FLOPs per final run (log x), Pareto frontier
 *   learning-curves   training loss vs step, mean over seeds with a min..max band
 *   tuning-curves     expected best dev score vs number of trials (± 1 std band)
 */
import type { Report } from '../../types/report.ts';
import { majorityScore } from '../majority-class.ts';
import { methodOrder, panelLabel, panelOrder } from './panels.ts';
import { paretoFrontier } from './pareto.ts';

export type ChartName = 'score-vs-params' | 'score-vs-flops' | 'learning-curves' | 'tuning-curves';

export interface ChartSpec {
  name: ChartName;
  title: string;
  spec: Record<string, unknown>;
}

const FONT = 'DejaVu Sans';

function base(report: Report, title: string, values: unknown[], layer: unknown[]): Record<string, unknown> {
  const panels = panelOrder(report);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start', fontSize: 15 },
    data: { values },
    facet: { field: 'panel', type: 'nominal', title: null, sort: panels, header: { labelFontSize: 13 } },
    columns: Math.min(3, Math.max(1, panels.length)),
    spec: { width: 260, height: 190, layer },
    resolve: { scale: { y: 'independent', x: 'independent' } },
    config: {
      font: FONT,
      background: 'white',
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: 12, titleFontSize: 12 },
      view: { stroke: '#ddd' },
    },
  };
}

function colour(report: Report) {
  return { field: 'method', type: 'nominal', title: 'method', scale: { domain: methodOrder(report), scheme: 'tableau10' }, legend: { symbolOpacity: 1 } };
}

function scoreVs(
  report: Report,
  name: ChartName,
  title: string,
  xTitle: string,
  xFormat: string,
  costOf: (e: Report['entries'][number]) => number | null,
): ChartSpec {
  const rows: Record<string, unknown>[] = [];
  const panels = new Map<string, { cost: number; score: number; row: Record<string, unknown> }[]>();
  for (const e of report.entries) {
    const metric = e.test.find((m) => m.name === e.primaryMetric.name);
    const cost = costOf(e);
    if (!metric || metric.mean === null || cost === null || !(cost > 0)) continue;
    const panel = panelLabel(report, e.model, e.task);
    const row: Record<string, unknown> = {
      panel,
      method: e.method,
      family: e.family === 'reft' ? 'ReFT' : 'baseline',
      x: cost,
      mean: metric.mean,
      low: metric.ciLow ?? metric.mean,
      high: metric.ciHigh ?? metric.mean,
      pareto: false,
    };
    rows.push(row);
    const list = panels.get(panel) ?? [];
    // The majority-class score, drawn once per panel as a horizontal line.
    const floor = majorityScore(report, e.model, e.task, metric.name);
    if (list.length === 0 && floor !== null) Object.assign(row, { floor, floorRow: true });
    list.push({ cost, score: metric.mean, row });
    panels.set(panel, list);
  }
  for (const [panel, list] of panels) {
    const direction = report.entries.find((e) => panelLabel(report, e.model, e.task) === panel)!.primaryMetric.direction;
    for (const i of paretoFrontier(list, direction)) list[i]!.row.pareto = true;
  }
  const x = { field: 'x', type: 'quantitative', scale: { type: 'log', nice: false, padding: 16 }, title: xTitle, axis: { format: xFormat } };
  const y = { field: 'mean', type: 'quantitative', scale: { zero: false, padding: 10 }, title: `test score (mean, ${Math.round(report.statistics.confidence * 100)}% CI)` };
  const layer = [
    { transform: [{ filter: 'datum.floorRow' }], mark: { type: 'rule', strokeDash: [6, 4], color: '#c0392b', strokeWidth: 1.2 }, encoding: { y: { field: 'floor', type: 'quantitative' } } },
    { transform: [{ filter: 'datum.pareto' }], mark: { type: 'line', strokeDash: [4, 3], color: '#777' }, encoding: { x, y, order: { field: 'x', type: 'quantitative' } } },
    { mark: { type: 'rule', strokeWidth: 1.5 }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: colour(report) } },
    {
      mark: { type: 'point', filled: true, size: 70, opacity: 0.9 },
      encoding: { x, y, color: colour(report), shape: { field: 'family', type: 'nominal', title: 'family', scale: { domain: ['baseline', 'ReFT'] } } },
    },
  ];
  return { name, title, spec: base(report, title, rows, layer) };
}

/**
 * Accessibility of the curve charts: a line is announced by its method (vega-lite's default
 * describes a whole line by its first point, and formats that text for every point, about 15% of
 * these charts' layout time), and the band beside it is left out of the ARIA tree (it repeats the
 * line's information).
 */
const LINE_DESCRIPTION = { field: 'method', type: 'nominal' };
const BAND_MARK = { type: 'area', aria: false } as const;

function learningCurves(report: Report): ChartSpec {
  const rows = report.learningCurves.flatMap((c) =>
    c.points.map((p) => ({ panel: panelLabel(report, c.model, c.task), method: c.method, step: p.step, mean: p.mean, low: p.low, high: p.high })),
  );
  const x = { field: 'step', type: 'quantitative', title: 'optimizer step' };
  const layer = [
    // The line layer comes first so that the legend shows line symbols, not faint band swatches.
    { mark: { type: 'line', strokeWidth: 1.8 }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'training loss', scale: { zero: false } }, color: colour(report), description: LINE_DESCRIPTION } },
    { mark: { ...BAND_MARK, opacity: 0.2 }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: colour(report) } },
  ];
  const title = 'Training loss (mean over seeds, band: min..max)';
  return { name: 'learning-curves', title, spec: base(report, title, rows, layer) };
}

/** Trial counts shown on the tuning chart: all up to 12, then about 24 log-spaced ones and the last. */
export function tuningChartTrials(total: number): Set<number> {
  const shown = new Set<number>();
  for (let n = 1; n <= total; n++) if (n <= 12 || n === total) shown.add(n);
  for (let k = 0; k <= 24 && total > 12; k++) shown.add(Math.round(12 * (total / 12) ** (k / 24)));
  return shown;
}

function tuningCurves(report: Report): ChartSpec {
  const rows = report.tuningCurves.flatMap((c) => {
    const shown = tuningChartTrials(c.points.length);
    return c.points
      .filter((p) => shown.has(p.trials))
      .map((p) => ({ panel: panelLabel(report, c.model, c.task), method: c.method, trials: p.trials, expected: p.expected, low: p.expected - p.std, high: p.expected + p.std }));
  });
  const many = Math.max(0, ...report.tuningCurves.map((c) => c.points.length)) > 12;
  const x = { field: 'trials', type: 'quantitative', title: 'tuning trials', axis: { tickMinStep: 1, format: 'd' } };
  const layer = [
    { mark: { type: 'line', point: !many, strokeWidth: 1.8 }, encoding: { x, y: { field: 'expected', type: 'quantitative', title: 'expected best dev score', scale: { zero: false } }, color: colour(report), description: LINE_DESCRIPTION } },
    { mark: { ...BAND_MARK, opacity: 0.15 }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: colour(report) } },
  ];
  const title = 'Expected best dev score vs tuning budget (Dodge et al. 2019; band: ±1 std)';
  return { name: 'tuning-curves', title, spec: base(report, title, rows, layer) };
}

export function buildChartSpecs(report: Report): ChartSpec[] {
  return [
    scoreVs(report, 'score-vs-params', 'Test score vs trainable parameters (dashed: Pareto frontier)', 'trainable parameters, % of base model (log)', '~g', (e) => e.params.paperPercent),
    scoreVs(report, 'score-vs-flops', 'Test score vs training FLOPs per run (dashed: Pareto frontier)', 'training FLOPs per final run (log; k, M, G, T)', '~s', (e) => e.cost.finalFlopsMean),
    learningCurves(report),
    tuningCurves(report),
  ];
}
