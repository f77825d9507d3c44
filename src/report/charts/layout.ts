/**
 * Chart geometry: the size of one facet panel so that a whole chart fits the report page (about
 * 1100 px, the HTML page's text width) whatever its number of columns, and each score panel's x
 * domain, set in the spec so that the pixel position of every value is known and points can be
 * dodged in pixels (dodge.ts) before vega lays the chart out.
 */

/** The width a chart is drawn for: the HTML page's content width less a margin. */
export const PAGE_WIDTH = 1100;
/** Room for the legend on the right and each panel's y axis. */
const LEGEND_WIDTH = 130;
const AXIS_WIDTH = 65;
/** A single panel stays readable: not wider than this. */
const MAX_PANEL_WIDTH = 600;

export interface PanelSize {
  columns: number;
  width: number;
  height: number;
}

/** Up to three columns of panels, each as wide as the page allows (at most MAX_PANEL_WIDTH). */
export function panelSize(panels: number): PanelSize {
  const columns = Math.min(3, Math.max(1, panels));
  const width = Math.min(MAX_PANEL_WIDTH, Math.floor((PAGE_WIDTH - LEGEND_WIDTH - columns * AXIS_WIDTH) / columns));
  const height = Math.max(200, Math.min(340, Math.round(width * 0.62)));
  return { columns, width, height };
}

/** Fraction of the log domain's span added at each end, so points sit off the frame. */
const LOG_MARGIN = 0.07;
/** Room above the largest value on a zero-based axis, before rounding up to a tick. */
const LINEAR_HEADROOM = 1.12;

/** d3's tick step for [start, stop] and about `count` ticks (d3-array tickIncrement). */
function tickIncrement(start: number, stop: number, count: number): number {
  const step = (stop - start) / Math.max(0, count);
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return power >= 0 ? factor * 10 ** power : -(10 ** -power) / factor;
}

/** The upper end of a zero-based linear domain rounded up to a tick, as d3's nice() with 10 ticks. */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  let stop = max;
  let previous: number | undefined;
  for (let i = 0; i < 10; i++) {
    const step = tickIncrement(0, stop, 10);
    if (step === previous) break;
    if (step > 0) stop = Math.ceil(stop / step) * step;
    else if (step < 0) stop = Math.floor(stop * step) / step;
    else break;
    previous = step;
  }
  return stop;
}

export type XScale = 'log' | 'linear-from-zero';

/** One panel's x domain for its (positive) values: log with a margin, or linear from zero to a round number. */
export function xDomain(values: readonly number[], scale: XScale): [number, number] {
  const max = Math.max(...values);
  if (scale === 'linear-from-zero') return [0, niceMax(max * LINEAR_HEADROOM)];
  const lo = Math.log10(Math.min(...values));
  const hi = Math.log10(max);
  const margin = hi === lo ? 0.5 : (hi - lo) * LOG_MARGIN;
  // Out to the next power of ten when it is near (within half a decade) but not too near (half the
  // margin), so the axis ends at a labelled tick and no point sits on the frame.
  const below = lo - Math.floor(lo);
  const above = Math.ceil(hi) - hi;
  const from = below >= margin / 2 && below <= 0.5 ? Math.floor(lo) : lo - margin;
  const to = above >= margin / 2 && above <= 0.5 ? Math.ceil(hi) : hi + margin;
  return [Number((10 ** from).toPrecision(6)), Number((10 ** to).toPrecision(6))];
}

/** Pixel positions of `values` on an x scale of `width` pixels over `domain`. */
export function pixelPositions(values: readonly number[], scale: XScale, domain: [number, number], width: number): number[] {
  const f = scale === 'log' ? Math.log10 : (v: number) => v;
  const [lo, hi] = domain.map(f) as [number, number];
  return values.map((v) => ((f(v) - lo) / (hi - lo)) * width);
}

/** Tick values for a log axis over `domain`: 1-2-5 steps per decade, or whole decades when that is more than `most`. */
export function logTicks(domain: [number, number], most = 7): number[] {
  // A domain past 1e308 (a result claiming 1e300 parameters) ends at Infinity: no decades to count.
  if (!(domain[0] > 0 && domain[1] >= domain[0] && Number.isFinite(domain[1]))) return [];
  const ticks = (mantissas: number[]) => {
    const out: number[] = [];
    for (let k = Math.floor(Math.log10(domain[0])); k <= Math.ceil(Math.log10(domain[1])); k++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** k).toPrecision(6));
        if (v >= domain[0] && v <= domain[1]) out.push(v);
      }
    }
    return out;
  };
  const fine = ticks([1, 2, 5]);
  if (fine.length <= most) return fine;
  const decades = ticks([1]);
  return decades.length > most ? decades.filter((_, i) => i % Math.ceil(decades.length / most) === 0) : decades;
}
