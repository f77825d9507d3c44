/**
 * Layer selections as suites write them — `all`, `top<n>`, `bottom<n>` or pyreft's `3;9;18;24` —
 * resolved to ascending 0-based block indices for a model with `numLayers` blocks.
 */

/** Outcome of resolving a selection: the indices, or why it does not fit the model. */
export type LayerResolution =
  | { ok: true; layers: number[] }
  | { ok: false; reason: 'out-of-range'; layer: number; numLayers: number }
  | { ok: false; reason: 'too-many'; wanted: number; numLayers: number }
  | { ok: false; reason: 'malformed' };

export function resolveLayers(selection: string, numLayers: number): LayerResolution {
  if (selection === 'all') return { ok: true, layers: range(0, numLayers) };
  const top = /^top([1-9][0-9]*)$/.exec(selection);
  if (top?.[1] !== undefined) {
    const n = Number(top[1]);
    if (n > numLayers) return { ok: false, reason: 'too-many', wanted: n, numLayers };
    return { ok: true, layers: range(numLayers - n, numLayers) };
  }
  const bottom = /^bottom([1-9][0-9]*)$/.exec(selection);
  if (bottom?.[1] !== undefined) {
    const n = Number(bottom[1]);
    if (n > numLayers) return { ok: false, reason: 'too-many', wanted: n, numLayers };
    return { ok: true, layers: range(0, n) };
  }
  if (!/^[0-9]+(;[0-9]+)*$/.test(selection)) return { ok: false, reason: 'malformed' };
  const layers = [...new Set(selection.split(';').map(Number))].sort((a, b) => a - b);
  const bad = layers.find((l) => l >= numLayers);
  if (bad !== undefined) return { ok: false, reason: 'out-of-range', layer: bad, numLayers };
  return { ok: true, layers };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}
