/**
 * Pieces every report chart is built from (specs.ts, ladder-chart.ts): the page of panels (one
 * view per model × task), the method colour and shape scales, score axis titles and SI tick labels.
 */
import type { Report } from '../../types/report.ts';
import { metricScale } from '../render/format.ts';
import { panelSize } from './layout.ts';
import { methodStylesFor } from './method-style.ts';
import { methodKinds, panelOrder } from './panels.ts';

const FONT = 'DejaVu Sans';

/**
 * One view per panel (model × task), up to three in a row, each with its own axes (its own y title
 * names its metric), one legend for all.
 */
export function base(report: Report, values: unknown[], layerOf: (panel: string) => unknown[]): Record<string, unknown> {
  const panels = panelOrder(report);
  const size = panelSize(panels.length);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    data: { values },
    columns: size.columns,
    concat: panels.map((panel) => ({
      title: { text: panel, fontSize: 13, fontWeight: 'normal' },
      transform: [{ filter: { field: 'panel', equal: panel } }],
      width: size.width,
      height: size.height,
      layer: layerOf(panel),
    })),
    resolve: { scale: { y: 'independent', x: 'independent', color: 'shared', shape: 'shared' } },
    config: {
      font: FONT,
      background: 'white',
      axis: { labelFontSize: 11, titleFontSize: 12 },
      legend: { labelFontSize: 12, titleFontSize: 12 },
      view: { stroke: '#ddd' },
    },
  };
}

/** Colour (and, for points, shape) by method: the method's kind decides both, the table's order the legend's. */
export function methodScale(report: Report, channel: 'colour' | 'shape') {
  const methods = methodKinds(report);
  const styles = methodStylesFor(methods);
  const domain = methods.map((m) => m.method);
  return channel === 'colour'
    ? { field: 'method', type: 'nominal', title: 'method', scale: { domain, range: styles.colours }, legend: { symbolOpacity: 1 } }
    : { field: 'method', type: 'nominal', title: 'method', scale: { domain, range: styles.shapes } };
}

/** How a score axis reads: the metric, ×100 where the tables show it so. */
export function scoreTitle(what: string, metric: string): string {
  return `${what} ${metric}${metricScale(metric) === 100 ? ' ×100' : ''}`;
}

/** Vega expression for SI tick labels as people write them: 0, 500 GFLOP, 1.07 TFLOP. */
export function siLabel(unit: string): string {
  return `replace(format(datum.value, '.3~s') + ' ${unit}', regexp('([yzafpnµmkMGTPEZY]) ${unit}$'), ' $1${unit}')`;
}
