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

/** How many first and last prompt positions one example gets. */
export interface PositionCounts {
  first: number;
  last: number;
}

/**
 * The positions rule every engine follows (pyreft's get_intervention_locations), for a prompt of
 * `length` real tokens: first_n = min(length // 2, f) and last_n = min(length // 2, l). For f = l = n
 * this only bites when the prompt is shorter than 2n; with f ≠ l or a one-sided spec (f only, l only)
 * it bites whenever length // 2 is below f or l. The halves never overlap.
 */
export function positionCounts(positions: PositionSpec, length: number): PositionCounts {
  const half = Math.floor(Math.max(0, length) / 2);
  return { first: Math.min(half, positions.first), last: Math.min(half, positions.last) };
}

/** Positions intervened on in a prompt of `length` tokens: first_n + last_n of `positionCounts`. */
export function intervenedPositions(positions: PositionSpec, length: number): number {
  const n = positionCounts(positions, length);
  return n.first + n.last;
}
