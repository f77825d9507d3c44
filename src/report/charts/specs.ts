/**
 * The report's charts as Vega-Lite specs (data inline, one facet per model × task). Scores are on
 * the tables' scale (×100 for bounded metrics) with the metric named on the axis; every method has
 * its kind's colour and shape (method-style.ts) in table order; the title is the page's, not the
 * figure's (the HTML page and README print it once, a paper sets its own caption).
 *   score-vs-params   test score (mean, CI at the report's confidence) vs trainable parameters % (log x), Pareto frontier
 *   score-vs-flops    test score vs training FLOPs per final run (linear x from zero), Pareto frontier
 *   score-vs-compute  compute-ladder reports only: test score vs spent FLOPs per budget level (ladder-chart.ts)
 *   learning-curves   training loss vs step, mean over seeds with a min..max band
 *   tuning-curves     expected best dev score vs number of trials (± 1 std band)
 */
import type { Report } from '../../types/report.ts';
import { formatSi, metricScale } from '../render/format.ts';
import { printable } from '../render/printable.ts';
import { compareLevels, levelKey, levelShortLabel } from '../budget-level.ts';
import { majorityScore } from '../majority-class.ts';
import { dodge, MIN_GAP } from './dodge.ts';
import { logTicks, panelSize, xDomain, type XScale } from './layout.ts';
import { panelLabel, panelOrder } from './panels.ts';
import { base, methodScale, scoreTitle, siLabel } from './spec-parts.ts';
import { ladderChart } from './ladder-chart.ts';
import { paretoFrontier } from './pareto.ts';

export { siLabel } from './spec-parts.ts';

export type ChartName = 'score-vs-params' | 'score-vs-flops' | 'score-vs-compute' | 'learning-curves' | 'tuning-curves';

export interface ChartSpec {
  name: ChartName;
  title: string;
  /** What the chart shows and how to read it (printed under the chart, not drawn in it). */
  caption: string;
  spec: Record<string, unknown>;
}

interface ScoreAxis {
  name: ChartName;
  title: string;
  xTitle: string;
  scale: XScale;
  costOf: (e: Report['entries'][number]) => number | null;
  /** Describes the x value the caption names when points share one. */
  describe: (x: number) => string;
  /** What the x axis measures, for the caption. */
  xNote: string;
}

function scoreVs(report: Report, axis: ScoreAxis): ChartSpec {
  const size = panelSize(panelOrder(report).length);
  const panels = new Map<string, { cost: number; score: number; row: Record<string, unknown> }[]>();
  const metricOf = new Map<string, string>();
  for (const e of report.entries) {
    const metric = e.test.find((m) => m.name === e.primaryMetric.name);
    const cost = axis.costOf(e);
    if (!metric || metric.mean === null || cost === null || !(cost > 0)) continue;
    const panel = panelLabel(report, e.model, e.task);
    const k = metricScale(metric.name);
    metricOf.set(panel, metric.name);
    const row: Record<string, unknown> = {
      panel,
      method: e.method,
      x: cost,
      mean: metric.mean * k,
      low: (metric.ciLow ?? metric.mean) * k,
      high: (metric.ciHigh ?? metric.mean) * k,
      pareto: false,
      dx: 0,
      sharedX: false,
    };
    const list = panels.get(panel) ?? [];
    // The majority-class score, drawn once per panel as a horizontal line.
    const floor = majorityScore(report, e.model, e.task, metric.name);
    if (list.length === 0 && floor !== null) Object.assign(row, { floor: floor * k, floorRow: true });
    list.push({ cost, score: metric.mean, row });
    panels.set(panel, list);
  }
  const shared = new Map<string, string[]>();
  const domains = new Map<string, [number, number]>();
  for (const [panel, list] of panels) {
    const domain = xDomain(list.map((p) => p.cost), axis.scale);
    domains.set(panel, domain);
    const direction = report.entries.find((e) => panelLabel(report, e.model, e.task) === panel)!.primaryMetric.direction;
    for (const i of paretoFrontier(list, direction)) list[i]!.row.pareto = true;
    const placed = dodge(list.map((p) => p.cost), axis.scale, domain, size.width);
    list.forEach((p, i) => {
      p.row.dx = placed.offsets[i];
      p.row.sharedX = placed.sharedX[i];
    });
    for (const cost of [...new Set(list.filter((_, i) => placed.sharedX[i]).map((p) => p.cost))]) {
      const methods = list.filter((p) => p.cost === cost).map((p) => p.row.method as string);
      const what = `${joinNames(methods)} have the same ${axis.describe(cost)}`;
      shared.set(what, [...(shared.get(what) ?? []), panel]);
    }
  }
  const rows = [...panels.values()].flat().map((p) => p.row);
  const label = axis.scale === 'log' ? `format(datum.value, '~g') + '%'` : siLabel('FLOP');
  const x = (panel: string) => ({
    field: 'x',
    type: 'quantitative',
    scale: { type: axis.scale === 'log' ? 'log' : 'linear', domain: domains.get(panel) ?? [0, 1], nice: false },
    title: axis.xTitle,
    axis: { labelExpr: label, labelFlush: axis.scale !== 'log', ...(axis.scale === 'log' ? { values: logTicks(domains.get(panel) ?? [1, 10]) } : { tickCount: 4 }) },
  });
  const y = (panel: string) => ({ field: 'mean', type: 'quantitative', scale: { zero: false, padding: 10 }, title: scoreTitle('test', metricOf.get(panel) ?? 'score') });
  const dodged = { expr: 'datum.dx' };
  const layer = (panel: string) => [
    { transform: [{ filter: 'datum.floorRow' }], mark: { type: 'rule', strokeDash: [8, 3, 2, 3], color: '#333', strokeWidth: 1.2 }, encoding: { y: { field: 'floor', type: 'quantitative' } } },
    { transform: [{ filter: 'datum.sharedX' }], mark: { type: 'rule', strokeDash: [2, 3], color: '#aaa', strokeWidth: 1 }, encoding: { x: x(panel) } },
    { transform: [{ filter: 'datum.pareto' }], mark: { type: 'line', strokeDash: [4, 3], color: '#777', xOffset: dodged }, encoding: { x: x(panel), y: y(panel), order: { field: 'x', type: 'quantitative' } } },
    { mark: { type: 'rule', strokeWidth: 1.5, xOffset: dodged }, encoding: { x: x(panel), y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: methodScale(report, 'colour') } },
    {
      mark: { type: 'point', filled: true, size: 70, opacity: 0.95, xOffset: dodged },
      encoding: { x: x(panel), y: y(panel), color: methodScale(report, 'colour'), shape: methodScale(report, 'shape') },
    },
  ];
  const where = (list: string[]) => (list.length === panels.size && panels.size > 1 ? 'in every panel' : `in ${joinNames(list)}`);
  const sameX = [...shared].map(([what, list]) => `${what} ${where(list)}`);
  const sharedText = sameX.length > 0 ? ` ${sameX.join('; ')}: such points are drawn side by side around a dotted line that marks the value they share.` : '';
  const confidence = Math.round(report.statistics.confidence * 100);
  const floors = rows.some((r) => r.floorRow) ? ' Dash-dotted line: the majority-class score (the test set\'s most frequent label, or its mean label for regression, predicted for every example).' : '';
  const caption = `x: ${axis.xNote}. Points: mean over seeds; bars: ${confidence}% CI; scores ×100 for bounded metrics, as in the tables.${floors} Dashed: Pareto frontier. Points closer than ${MIN_GAP} px on the x axis are drawn side by side; their values are unchanged.${sharedText}`;
  return { name: axis.name, title: axis.title, caption, spec: base(report, rows, layer) };
}

function joinNames(names: readonly string[]): string {
  return names.length <= 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * Accessibility of the curve charts: a line is announced by its method (vega-lite's default
 * describes a whole line by its first point, and formats that text for every point, about 15% of
 * these charts' layout time), and the band beside it is left out of the ARIA tree (it repeats the
 * line's information).
 */
const LINE_DESCRIPTION = { field: 'method', type: 'nominal' };
const BAND_MARK = { type: 'area', aria: false } as const;

/**
 * In a compute-ladder report a method has one curve per budget level: the level's label on each row,
 * one line per level (its width by level, with its own legend), so that curves of levels are not joined.
 */
function byLevel(report: Report): { active: boolean; rows: (budget: Report['learningCurves'][number]['budget']) => { budget?: string }; line: Record<string, unknown>; band: Record<string, unknown>; width: { strokeWidth?: number } } {
  const levels = [...new Map(report.entries.filter((e) => e.budget).map((e) => [levelKey(e.budget!.level), e.budget!.level])).values()].sort(compareLevels);
  if (levels.length === 0) return { active: false, rows: () => ({}), line: {}, band: {}, width: { strokeWidth: 1.8 } };
  const domain = levels.map((l) => levelShortLabel(l));
  return {
    active: true,
    rows: (budget) => ({ budget: levelShortLabel(budget) }),
    // Thicker for a larger budget (dashes would do too, but PDF drawing refuses vega's solid [1, 0] dash).
    // The legend draws strokes: a line with points (the tuning curves) would otherwise get one same-sized dot per level.
    line: { strokeWidth: { field: 'budget', type: 'ordinal', title: 'budget', scale: { domain, range: [0.9, 3.6] }, legend: { symbolType: 'stroke', encode: { symbols: { update: { stroke: { value: '#333' } } } } } } },
    band: { detail: { field: 'budget', type: 'ordinal' } },
    width: {},
  };
}

function learningCurves(report: Report): ChartSpec {
  const level = byLevel(report);
  const rows = report.learningCurves.flatMap((c) =>
    c.points.map((p) => ({ panel: panelLabel(report, c.model, c.task), method: c.method, ...level.rows(c.budget), step: p.step, mean: p.mean, low: p.low, high: p.high })),
  );
  const x = { field: 'step', type: 'quantitative', title: 'optimizer step' };
  const layer = () => [
    // The line layer comes first so that the legend shows line symbols, not faint band swatches.
    { mark: { type: 'line', ...level.width }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'training loss', scale: { zero: false } }, color: methodScale(report, 'colour'), description: LINE_DESCRIPTION, ...level.line } },
    { mark: { ...BAND_MARK, opacity: 0.2 }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: methodScale(report, 'colour'), ...level.band } },
  ];
  return {
    name: 'learning-curves',
    title: 'Training loss by optimizer step',
    caption: `Line: mean over the final runs' seeds; band: their min..max.${level.active ? ' One line per method and budget level (thicker: a larger budget).' : ''}`,
    spec: base(report, rows, layer),
  };
}

/** Trial counts shown on the tuning chart: all up to 12, then about 24 log-spaced ones and the last. */
export function tuningChartTrials(total: number): Set<number> {
  const shown = new Set<number>();
  for (let n = 1; n <= total; n++) if (n <= 12 || n === total) shown.add(n);
  for (let k = 0; k <= 24 && total > 12; k++) shown.add(Math.round(12 * (total / 12) ** (k / 24)));
  return shown;
}

function tuningCurves(report: Report): ChartSpec {
  const selectionMetric = (c: Report['tuningCurves'][number]) =>
    report.entries.find((e) => e.model === c.model && e.task === c.task && e.method === c.method)?.selection.metric.name ?? c.metric.name;
  const level = byLevel(report);
  const rows = report.tuningCurves.flatMap((c) => {
    const shown = tuningChartTrials(c.points.length);
    const k = metricScale(selectionMetric(c));
    return c.points
      .filter((p) => shown.has(p.trials))
      .map((p) => ({ panel: panelLabel(report, c.model, c.task), method: c.method, ...level.rows(c.budget), trials: p.trials, expected: p.expected * k, low: (p.expected - p.std) * k, high: (p.expected + p.std) * k }));
  });
  const many = Math.max(0, ...report.tuningCurves.map((c) => c.points.length)) > 12;
  const x = { field: 'trials', type: 'quantitative', title: 'tuning trials', axis: { tickMinStep: 1, format: 'd' } };
  const panelMetric = new Map(report.tuningCurves.map((c) => [panelLabel(report, c.model, c.task), selectionMetric(c)]));
  const layer = (panel: string) => [
    { mark: { type: 'line', point: !many, ...level.width }, encoding: { x, y: { field: 'expected', type: 'quantitative', title: scoreTitle('best dev', panelMetric.get(panel) ?? 'score'), scale: { zero: false } }, color: methodScale(report, 'colour'), description: LINE_DESCRIPTION, ...level.line } },
    { mark: { ...BAND_MARK, opacity: 0.15 }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: methodScale(report, 'colour'), ...level.band } },
  ];
  return {
    name: 'tuning-curves',
    title: 'Expected best dev score vs tuning budget',
    caption: `The expected best dev score (the selection metric, ×100 for bounded metrics) of n trials drawn from each method's trials (Dodge et al. 2019); band: ±1 std.${level.active ? ' One line per method and budget level (thicker: a larger budget).' : ''}`,
    spec: base(report, rows, layer),
  };
}

/**
 * Every chart, its caption also as the spec's description (the SVG's accessible description, and the
 * figure's meaning when the file travels alone). Every string of a spec (ids from suites and results
 * among them: panel titles, legend entries, ARIA labels) has its control and bidirectional
 * characters shown as \uXXXX (printable.ts), as the HTML and Markdown do: a right-to-left override
 * in an id would reverse the chart's text after it, and C0 controls are not even allowed in XML.
 */
export function buildChartSpecs(report: Report): ChartSpec[] {
  const ladder = ladderChart(report);
  const largest = largestLevels(report);
  return withDescriptions([
    scoreVs(report, {
      name: 'score-vs-params',
      title: 'Test score vs trainable parameters',
      xTitle: 'trainable params, % (log)',
      scale: 'log',
      costOf: (e) => (largest.has(e) ? e.params.paperPercent : null),
      describe: (x) => `parameter share (${Number(x.toPrecision(2))}%)`,
      xNote: `trainable parameters as % of the base model's, classification head excluded (the ReFT paper's convention), log scale${ladder ? '; each method at its largest budget of the compute ladder' : ''}`,
    }),
    scoreVs(report, {
      name: 'score-vs-flops',
      title: 'Test score vs training compute',
      xTitle: 'training FLOPs per final run',
      scale: 'linear-from-zero',
      costOf: (e) => e.cost.finalFlopsMean,
      describe: (x) => `training FLOPs (${formatSi(x, 'FLOP')})`,
      xNote: 'training FLOPs of a final run (mean over seeds), from zero so that matched compute looks matched',
    }),
    ...(ladder ? [ladder] : []),
    learningCurves(report),
    tuningCurves(report),
  ]);
}

/** Each model × task × method's entry at its largest budget level (every entry, in a report without a ladder). */
function largestLevels(report: Report): Set<Report['entries'][number]> {
  const top = new Map<string, Report['entries'][number]>();
  for (const e of report.entries) {
    const key = JSON.stringify([e.model, e.task, e.method]);
    const known = top.get(key);
    if (!known || compareLevels(known.budget?.level, e.budget?.level) < 0) top.set(key, e);
  }
  return new Set(top.values());
}

function withDescriptions(charts: ChartSpec[]): ChartSpec[] {
  return charts.map((c) => ({ ...c, spec: printableStrings({ $schema: c.spec.$schema, description: c.caption, ...c.spec }) }));
}

/** `value` with `printable` applied to every string in it (the same string always gives the same one, so data, filters and scale domains still match). */
function printableStrings<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableStrings) as T;
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, printableStrings(v)])) as T;
  return value;
}
