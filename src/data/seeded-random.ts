/**
 * Deterministic randomness for data work (carving splits, subsampling, synthetic tasks): a 32-bit
 * generator seeded from a seed and a purpose string, so that different uses of one seed do not
 * share a stream and the same seed always gives the same data on every machine.
 */

/** FNV-1a hash of a string, mixed with a seed: the initial state of a stream. */
function streamState(seed: number, purpose: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < purpose.length; i++) {
    h ^= purpose.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A stream of uniform numbers in [0, 1) (mulberry32). */
export class SeededRandom {
  private state: number;

  constructor(seed: number, purpose = '') {
    this.state = streamState(seed, purpose);
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A new array with the items in a uniformly random order (Fisher–Yates). */
  shuffled<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  }
}
