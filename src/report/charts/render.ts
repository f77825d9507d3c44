/**
 * Renders Vega-Lite specs headlessly: vega-lite compiles to Vega, a Vega View with no renderer
 * produces SVG, and resvg rasterises it to PNG (1.5× scale) with the DejaVu Sans files given.
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

/** PNG scale: 1.5× the SVG's CSS pixels keeps 11 px labels readable at a moderate image size. */
const PNG_ZOOM = 1.5;

export async function renderCharts(charts: readonly ChartSpec[], fontFiles: readonly string[]): Promise<RenderedChart[]> {
  const [vega, vegaLite, { renderAsync }] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  const svgs: string[] = [];
  for (const chart of charts) {
    const compiled = vegaLite.compile(chart.spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
    svgs.push(await view.toSVG());
    view.finalize();
  }
  // Rasterise on resvg's worker threads, all charts at once (deterministic per chart).
  const pngs = await Promise.all(
    svgs.map((svg) =>
      renderAsync(svg, {
        font: { fontFiles: [...fontFiles], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
        fitTo: { mode: 'zoom', value: PNG_ZOOM },
        background: 'white',
      }).then((image) => image.asPng()),
    ),
  );
  return charts.map((chart, i) => ({ name: chart.name, title: chart.title, vegaLite: chart.spec, svg: svgs[i]!, png: pngs[i]! }));
}
