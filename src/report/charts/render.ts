/**
 * Renders Vega-Lite specs headlessly: vega-lite compiles to Vega, a Vega View with no renderer
 * produces SVG, and resvg rasterises it to PNG (2× scale) with the DejaVu Sans files given.
 * No network (all data inline) and no clock: the same spec gives the same bytes.
 */
import type { ChartSpec } from './specs.ts';

export interface RenderedChart {
  name: string;
  title: string;
  vegaLite: Record<string, unknown>;
  svg: string;
  png: Uint8Array;
}

export async function renderCharts(charts: readonly ChartSpec[], fontFiles: readonly string[]): Promise<RenderedChart[]> {
  const [vega, vegaLite, { Resvg }] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  const out: RenderedChart[] = [];
  for (const chart of charts) {
    const compiled = vegaLite.compile(chart.spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
    const svg = await view.toSVG();
    view.finalize();
    const png = new Resvg(svg, {
      font: { fontFiles: [...fontFiles], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
      fitTo: { mode: 'zoom', value: 2 },
      background: 'white',
    })
      .render()
      .asPng();
    out.push({ name: chart.name, title: chart.title, vegaLite: chart.spec, svg, png });
  }
  return out;
}
