/**
 * The compute-ladder chart (only in reports whose methods ran at several budget levels): per model ×
 * task panel, the mean test score (primary metric, tables' scale) against the compute the final runs
 * really spent (mean realised training FLOPs of the level's finals), one line with points per method
 * through its levels in budget order, the t-interval of each mean as an error bar, and the task's
 * majority-class score as a reference line. The x axis is logarithmic: ladder budgets are usually
 * spaced by factors (1, 2, 4 epochs), which a log axis spaces evenly, where a linear one would
 * crowd the low budgets — where methods first leave the majority-class line — into one corner.
 * Points of different methods at one level (matched compute: nearly the same x) are dodged in
 * pixels as on the other score charts; their values are unchanged.
 */
import type { Report } from '../../types/report.ts';
import { compareLevels, levelKey, levelLabel } from '../budget-level.ts';
import { majorityScore } from '../majority-class.ts';
import { metricScale } from '../render/format.ts';
import { dodge } from './dodge.ts';
import { logTicks, panelSize, xDomain } from './layout.ts';
import { panelLabel, panelOrder } from './panels.ts';
import { base, methodScale, scoreTitle, siLabel } from './spec-parts.ts';
import type { ChartSpec } from './specs.ts';

interface LadderPoint {
  x: number;
  row: Record<string, unknown>;
}

/** The chart, or null for a report without a ladder (no entry names its budget level). */
export function ladderChart(report: Report): ChartSpec | null {
  if (!report.entries.some((e) => e.budget !== undefined)) return null;
  const size = panelSize(panelOrder(report).length);
  const panels = new Map<string, LadderPoint[]>();
  const metricOf = new Map<string, string>();
  const ordered = report.entries.filter((e) => e.budget !== undefined).sort((a, b) => compareLevels(a.budget!.level, b.budget!.level));
  for (const e of ordered) {
    const metric = e.test.find((m) => m.name === e.primaryMetric.name);
    const x = e.budget!.finalFlopsMean;
    if (!metric || metric.mean === null || x === null || !(x > 0)) continue;
    const panel = panelLabel(report, e.model, e.task);
    const k = metricScale(metric.name);
    metricOf.set(panel, metric.name);
    const row: Record<string, unknown> = {
      panel,
      method: e.method,
      budget: levelLabel(e.budget!.level),
      level: levelKey(e.budget!.level),
      x,
      mean: metric.mean * k,
      low: (metric.ciLow ?? metric.mean) * k,
      high: (metric.ciHigh ?? metric.mean) * k,
      dx: 0,
    };
    const list = panels.get(panel) ?? [];
    const floor = majorityScore(report, e.model, e.task, metric.name);
    if (list.length === 0 && floor !== null) Object.assign(row, { floor: floor * k, floorRow: true });
    list.push({ x, row });
    panels.set(panel, list);
  }
  const domains = new Map<string, [number, number]>();
  for (const [panel, list] of panels) {
    const domain = xDomain(list.map((p) => p.x), 'log');
    domains.set(panel, domain);
    const placed = dodge(list.map((p) => p.x), 'log', domain, size.width);
    list.forEach((p, i) => (p.row.dx = placed.offsets[i]));
  }
  const rows = [...panels.values()].flat().map((p) => p.row);
  const x = (panel: string) => ({
    field: 'x',
    type: 'quantitative',
    scale: { type: 'log', domain: domains.get(panel) ?? [1, 10], nice: false },
    title: 'training FLOPs per final run (log)',
    axis: { labelExpr: siLabel('FLOP'), values: logTicks(domains.get(panel) ?? [1, 10]) },
  });
  const y = (panel: string) => ({ field: 'mean', type: 'quantitative', scale: { zero: false, padding: 10 }, title: scoreTitle('test', metricOf.get(panel) ?? 'score') });
  const dodged = { expr: 'datum.dx' };
  const layer = (panel: string) => [
    { transform: [{ filter: 'datum.floorRow' }], mark: { type: 'rule', strokeDash: [8, 3, 2, 3], color: '#333', strokeWidth: 1.2 }, encoding: { y: { field: 'floor', type: 'quantitative' } } },
    // One line per method through its levels in budget order (a level's x is what its runs spent).
    {
      mark: { type: 'line', strokeWidth: 1.6, opacity: 0.8, xOffset: dodged },
      encoding: { x: x(panel), y: y(panel), color: methodScale(report, 'colour'), order: { field: 'x', type: 'quantitative' }, description: { field: 'method', type: 'nominal' } },
    },
    { mark: { type: 'rule', strokeWidth: 1.5, xOffset: dodged }, encoding: { x: x(panel), y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: methodScale(report, 'colour') } },
    {
      mark: { type: 'point', filled: true, size: 70, opacity: 0.95, xOffset: dodged },
      encoding: {
        x: x(panel),
        y: y(panel),
        color: methodScale(report, 'colour'),
        shape: methodScale(report, 'shape'),
        tooltip: [
          { field: 'method', type: 'nominal' },
          { field: 'budget', type: 'nominal' },
          { field: 'x', type: 'quantitative', title: 'FLOPs', format: '.3~s' },
          { field: 'mean', type: 'quantitative', title: 'score', format: '.1f' },
        ],
      },
    },
  ];
  const confidence = Math.round(report.statistics.confidence * 100);
  const floors = rows.some((r) => r.floorRow) ? ' Dash-dotted line: the majority-class score (the test set\'s most frequent label, or its mean label for regression, predicted for every example).' : '';
  const caption = `One point per method and budget level of the compute ladder, joined in budget order. x: the mean training FLOPs its final runs really spent, on a log scale (ladder budgets are spaced by factors, which a log axis spaces evenly; a linear one would crowd the low budgets into a corner). y: mean test score over seeds; bars: ${confidence}% t-interval; scores ×100 for bounded metrics, as in the tables.${floors} Points of one level sit at nearly the same x (matched compute) and are drawn side by side; their values are unchanged.`;
  return { name: 'score-vs-compute', title: 'Test score vs spent compute (compute ladder)', caption, spec: base(report, rows, layer) };
}
