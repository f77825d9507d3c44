/**
 * Renders Vega-Lite specs headlessly: vega-lite compiles to Vega, a Vega View with no renderer
 * produces SVG, and resvg rasterises it to PNG (1.5× scale) with the DejaVu Sans files given.
 * No network (all data inline) and no clock: the same spec gives the same bytes, whichever thread
 * renders it (chart-renderer.ts runs this here or on a worker thread).
 */
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { PngRasteriser } from './png-rasteriser.ts';
import type { ChartSpec } from './specs.ts';

export interface RenderedChart {
  name: string;
  title: string;
  vegaLite: Record<string, unknown>;
  /** The chart as SVG ('' when the bundle writes neither SVG files nor HTML). */
  svg: string;
  /** The chart as PNG (empty when the bundle writes no PNG files). */
  png: Uint8Array;
}

/** What to render: SVG (needed for .svg files, the HTML page and PNGs) and PNG. */
export interface RenderWanted {
  svg: boolean;
  png: boolean;
}

/** A rendering under way: SVGs are ready before PNGs, so text files can be built meanwhile. */
export interface ChartImages {
  svgs: Promise<string[]>;
  pngs: Promise<Uint8Array[]>;
}

/** PNG scale: 1.5× the SVG's CSS pixels keeps 11 px labels readable at a moderate image size. */
const PNG_ZOOM = 1.5;

type Modules = [typeof import('vega'), typeof import('vega-lite')];
let modules: Promise<Modules> | undefined;

/** vega and vega-lite, imported once per thread (a worker calls this as it starts). */
export function loadRenderModules(): Promise<Modules> {
  modules ??= Promise.all([import('vega'), import('vega-lite')]);
  return modules;
}

/**
 * Renders the charts in this thread: each SVG in turn (vega runs here), and each PNG handed to a
 * PNG worker thread as soon as its SVG exists, so rasterising and encoding overlap the next charts'
 * layout and whatever this thread does next.
 */
export function renderImages(charts: readonly { spec: Record<string, unknown> }[], fontFiles: readonly string[], wanted: RenderWanted): ChartImages {
  const started: Promise<Uint8Array>[] = [];
  const rasteriser = new PngRasteriser();
  const svgs = (async () => {
    if (!wanted.svg && !wanted.png) return charts.map(() => '');
    const [vega, vegaLite] = await loadRenderModules();
    const out: string[] = [];
    for (const chart of charts) {
      const compiled = vegaLite.compile(chart.spec as unknown as Parameters<typeof vegaLite.compile>[0]).spec;
      const view = new vega.View(vega.parse(compiled), { renderer: 'none', logLevel: vega.Error });
      const svg = await view.toSVG();
      view.finalize();
      out.push(svg);
      if (wanted.png) {
        const png = rasteriser.rasterise(svg, pngOptions(fontFiles));
        png.catch(() => {}); // handled by Promise.all below; this only keeps an early failure from counting as unhandled
        started.push(png);
      }
    }
    return out;
  })();
  const pngs = svgs.then(() => (wanted.png ? Promise.all(started) : charts.map(() => new Uint8Array(0))));
  pngs.then(() => rasteriser.close(), () => rasteriser.close());
  pngs.catch(() => {}); // a caller that stops at a failed SVG never awaits the PNGs: not an unhandled rejection
  return { svgs, pngs };
}

/** resvg's options: exactly the given font files, no system fonts, PNG_ZOOM, white background. */
function pngOptions(fontFiles: readonly string[]): ResvgRenderOptions {
  return {
    font: { fontFiles: [...fontFiles], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: PNG_ZOOM },
    background: 'white',
  };
}

/** Every chart as SVG and PNG, rendered in this thread. */
export async function renderCharts(charts: readonly ChartSpec[], fontFiles: readonly string[]): Promise<RenderedChart[]> {
  const images = renderImages(charts, fontFiles, { svg: true, png: true });
  const [svgs, pngs] = await Promise.all([images.svgs, images.pngs]);
  return charts.map((chart, i) => ({ name: chart.name, title: chart.title, vegaLite: chart.spec, svg: svgs[i]!, png: pngs[i]! }));
}
