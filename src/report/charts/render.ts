/**
 * Renders Vega-Lite specs headlessly: vega-lite compiles to Vega, a Vega View with no renderer
 * produces SVG, resvg rasterises it to PNG (1.5× scale) and pdf.ts draws it as a vector PDF, both
 * with the DejaVu Sans files given.
 * No network (all data inline) and no clock: the same spec gives the same bytes, whichever thread
 * renders it (chart-renderer.ts runs this here or on a worker thread).
 */
import type { ResvgRenderOptions } from '@resvg/resvg-js';
import { svgToPdf } from './pdf.ts';
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
  /** The chart as PDF (empty when the bundle writes no PDF files). */
  pdf: Uint8Array;
}

/** What to render: SVG (needed for .svg files, the HTML page, PNGs and PDFs), PNG and PDF. */
export interface RenderWanted {
  svg: boolean;
  png: boolean;
  pdf: boolean;
}

/** A rendering under way: SVGs are ready before PNGs and PDFs, so text files can be built meanwhile. */
export interface ChartImages {
  svgs: Promise<string[]>;
  pngs: Promise<Uint8Array[]>;
  pdfs: Promise<Uint8Array[]>;
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
 * A small chart with every construct the report's charts use (facets, log and linear scales, line,
 * area, rule and point marks, a filter, a nominal colour legend): rendering it once runs vega's code
 * paths through the JIT compiler, so that a worker that has nothing else to do yet (it waits for the
 * main thread to read the results) lays out the real charts at warm speed. Its SVG is discarded.
 */
const WARM_UP_SPEC = {
  data: {
    values: Array.from({ length: 48 }, (_, i) => ({
      panel: i % 2 === 0 ? 'a' : 'b',
      method: `m${i % 4}`,
      x: 1 + (i % 12),
      mean: Math.sin(i) + 2,
      low: Math.sin(i) + 1.5,
      high: Math.sin(i) + 2.5,
      front: i % 3 === 0,
    })),
  },
  facet: { field: 'panel', type: 'nominal' },
  columns: 2,
  spec: {
    width: 120,
    height: 90,
    layer: [
      { mark: 'line', encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'mean', type: 'quantitative' }, color: { field: 'method', type: 'nominal' } } },
      { mark: { type: 'area', opacity: 0.2 }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color: { field: 'method', type: 'nominal' } } },
      { transform: [{ filter: 'datum.front' }], mark: 'rule', encoding: { x: { field: 'x', type: 'quantitative', scale: { type: 'log' } }, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } } },
      { mark: { type: 'point', filled: true }, encoding: { x: { field: 'x', type: 'quantitative', scale: { type: 'log' } }, y: { field: 'mean', type: 'quantitative' }, shape: { field: 'front', type: 'nominal' } } },
    ],
  },
  resolve: { scale: { x: 'independent', y: 'independent' } },
};

/** Lays out WARM_UP_SPEC once (see there); for a thread that would otherwise sit idle. */
export async function warmUpRenderer(): Promise<void> {
  const [vega, vegaLite] = await loadRenderModules();
  const view = new vega.View(vega.parse(vegaLite.compile(WARM_UP_SPEC as unknown as Parameters<typeof vegaLite.compile>[0]).spec), { renderer: 'none', logLevel: vega.Error });
  await view.toSVG();
  view.finalize();
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
    if (!wanted.svg && !wanted.png && !wanted.pdf) return charts.map(() => '');
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
  // PDFs are drawn after the SVGs, one after another, while the PNG worker rasterises.
  const pdfs = svgs.then(async (list) => {
    const out: Uint8Array[] = [];
    for (const svg of list) out.push(wanted.pdf ? await svgToPdf(svg, fontFiles) : new Uint8Array(0));
    return out;
  });
  pdfs.catch(() => {});
  return { svgs, pngs, pdfs };
}

/** resvg's options: exactly the given font files, no system fonts, PNG_ZOOM, white background. */
function pngOptions(fontFiles: readonly string[]): ResvgRenderOptions {
  return {
    font: { fontFiles: [...fontFiles], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    fitTo: { mode: 'zoom', value: PNG_ZOOM },
    background: 'white',
  };
}

/** Every chart as SVG, PNG and PDF, rendered in this thread. */
export async function renderCharts(charts: readonly ChartSpec[], fontFiles: readonly string[]): Promise<RenderedChart[]> {
  const images = renderImages(charts, fontFiles, { svg: true, png: true, pdf: true });
  const [svgs, pngs, pdfs] = await Promise.all([images.svgs, images.pngs, images.pdfs]);
  return charts.map((chart, i) => ({ name: chart.name, title: chart.title, vegaLite: chart.spec, svg: svgs[i]!, png: pngs[i]!, pdf: pdfs[i]! }));
}
