/**
 * ReFT positions and intervention placement, as pyreft reads them: `f<n>` (first n prompt tokens),
 * `l<n>` (last n) or `f<n>+l<n>`. Untied f+l interventions give the first and last positions separate
 * parameters; tied ones (pyreft share_weights) share one intervention per layer.
 */

/** Parsed positions: how many first and last prompt tokens are intervened on. */
export interface PositionSpec {
  first: number;
  last: number;
}

/** Parses `f<n>`, `l<n>` or `f<n>+l<n>` (n ≥ 1); returns undefined for anything else. */
export function parsePositions(text: string): PositionSpec | undefined {
  const m = /^(?:f([1-9][0-9]*)\+l([1-9][0-9]*)|f([1-9][0-9]*)|l([1-9][0-9]*))$/.exec(text);
  if (m === null) return undefined;
  const first = Number(m[1] ?? m[3] ?? 0);
  const last = Number(m[2] ?? m[4] ?? 0);
  return { first, last };
}

/** Interventions per layer: two when untied and both first and last positions are used, else one. */
export function interventionsPerLayer(positions: PositionSpec, tied: boolean): number {
  return !tied && positions.first > 0 && positions.last > 0 ? 2 : 1;
}

/**
 * Positions intervened on in a sequence of `length` prompt tokens. When the sequence is shorter than
 * first + last, pyreft takes first = min(n//2, first) and last = min(n//2, last) (n = length).
 */
export function intervenedPositions(positions: PositionSpec, length: number): number {
  if (length >= positions.first + positions.last) return positions.first + positions.last;
  const half = Math.floor(length / 2);
  return Math.min(half, positions.first) + Math.min(half, positions.last);
}
