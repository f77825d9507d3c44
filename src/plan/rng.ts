/**
 * Seeded randomness for the planner: a 32-bit hash of strings (FNV-1a) to derive independent streams
 * (one per method, one per budget retry) and the mulberry32 generator. Same seeds, same plan.
 */
import type { Random } from '../suite/search-space.ts';

/** FNV-1a hash of the parts joined by '\0', as an unsigned 32-bit integer. */
export function hashSeed(...parts: readonly (string | number)[]): number {
  let h = 0x811c9dc5;
  const text = parts.join('\u0000');
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32: a small, fast generator with a 32-bit state; returns values in [0, 1). */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
