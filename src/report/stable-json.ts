/**
 * Deterministic JSON for report files: keys sorted at every level, non-integers rounded to 12
 * significant digits (so last-bit floating-point noise cannot change the bytes), two-space indent,
 * trailing newline. NaN and ±Infinity become null.
 */

export function roundNumber(value: number): number | null {
  if (!Number.isFinite(value)) return null;
  if (Number.isInteger(value)) return value;
  return Number(value.toPrecision(12));
}

function normalise(value: unknown): unknown {
  if (typeof value === 'number') return roundNumber(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}

export function stableStringify(value: unknown): string {
  return `${JSON.stringify(normalise(value), null, 2)}\n`;
}
