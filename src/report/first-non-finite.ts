/**
 * The first number in a parsed JSON value that is not finite, as a JSON pointer: JSON has no NaN or
 * Infinity, but JSON.parse reads 1e999 as Infinity, so a result or report file can still hold one.
 */
export function firstNonFinite(value: unknown, pointer = ''): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : pointer || '/';
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = firstNonFinite(value[i], `${pointer}/${i}`);
      if (found !== undefined) return found;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      const found = firstNonFinite(v, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
