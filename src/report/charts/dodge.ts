/**
 * Dodging for the score charts: points whose markers would overlap on the x axis (closer than
 * MIN_GAP pixels, usually methods with the same parameter count or matched compute) are drawn side
 * by side, GAP pixels apart and centred on where they were, in table order when they share a value.
 * Only the drawing moves (vega's mark xOffset); the values, axes, tooltips and ARIA labels stay
 * exact. Values shared exactly by several points are reported so the chart can mark them.
 */
import { pixelPositions, type XScale } from './layout.ts';

/** Closer than this (px) on x, two points are dodged. */
export const MIN_GAP = 11;
/** Distance (px) between dodged points. */
export const GAP = 11;

export interface DodgeResult {
  /** Pixel offset of each point (0: drawn where it is). */
  offsets: number[];
  /** Whether each point's x value is shared exactly with another point. */
  sharedX: boolean[];
}

/** Offsets for the points of one panel, given in table order. */
export function dodge(values: readonly number[], scale: XScale, domain: [number, number], width: number): DodgeResult {
  const offsets = values.map(() => 0);
  const sharedX = values.map((v, i) => values.some((w, j) => j !== i && w === v));
  if (values.length === 0) return { offsets, sharedX };
  const pixels = pixelPositions(values, scale, domain, width);
  const order = values.map((_, i) => i).sort((a, b) => pixels[a]! - pixels[b]! || a - b);
  let cluster: number[] = [];
  const flush = () => {
    if (cluster.length > 1) {
      const centre = cluster.reduce((s, i) => s + pixels[i]!, 0) / cluster.length;
      cluster.forEach((i, k) => (offsets[i] = Math.round((centre + (k - (cluster.length - 1) / 2) * GAP - pixels[i]!) * 100) / 100));
    }
    cluster = [];
  };
  for (const i of order) {
    if (cluster.length > 0 && pixels[i]! - pixels[cluster[cluster.length - 1]!]! >= MIN_GAP) flush();
    cluster.push(i);
  }
  flush();
  return { offsets, sharedX };
}
