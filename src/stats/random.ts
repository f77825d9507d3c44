/**
 * A small seeded pseudo-random generator for resampling, so that every bootstrap and every
 * Monte Carlo test in a report is reproducible byte for byte from its seed.
 *
 * Algorithm: xoshiro128** (Blackman & Vigna), state filled by splitmix32 from the seed.
 */

/** A source of uniform numbers in [0, 1) and integers in [0, n). */
export interface Random {
  /** A float in [0, 1) with 32 bits of randomness. */
  next(): number;
  /** An integer in [0, n) for n ≥ 1. */
  int(n: number): number;
  /** Fills `out` with integers in [0, n) (the same values as out.length calls of int(n)). */
  fillInts(out: Uint32Array, n: number): void;
}

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Hashes a string to a 32-bit seed (FNV-1a), so that named streams ("sst2/loreft/lora") get their own seeds. */
export function seedFromString(text: string, base = 0): number {
  let hash = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * xoshiro128** with its state in a Uint32Array (no boxed numbers: the bootstrap draws hundreds of
 * millions of indices for a large report, so fillInts keeps the state in locals while it loops).
 */
class Xoshiro128 implements Random {
  private readonly state = new Uint32Array(4);

  constructor(seed: number) {
    const mix = splitmix32(seed);
    for (let i = 0; i < 4; i++) this.state[i] = mix();
    if ((this.state[0]! | this.state[1]! | this.state[2]! | this.state[3]!) === 0) this.state[0] = 1;
  }

  private nextUint32(): number {
    const s = this.state;
    let a = s[0]! | 0;
    let b = s[1]! | 0;
    let c = s[2]! | 0;
    let d = s[3]! | 0;
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
    return result;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.nextUint32() * (n / 4294967296));
  }

  fillInts(out: Uint32Array, n: number): void {
    const s = this.state;
    let a = s[0]! | 0;
    let b = s[1]! | 0;
    let c = s[2]! | 0;
    let d = s[3]! | 0;
    const scale = n / 4294967296;
    for (let i = 0; i < out.length; i++) {
      const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
      const t = b << 9;
      c ^= a;
      d ^= b;
      b ^= c;
      a ^= d;
      c ^= t;
      d = rotl(d, 11);
      out[i] = Math.floor(result * scale);
    }
    s[0] = a;
    s[1] = b;
    s[2] = c;
    s[3] = d;
  }
}

/** Creates a generator from a 32-bit integer seed. The same seed always gives the same sequence. */
export function createRandom(seed: number): Random {
  return new Xoshiro128(seed);
}

/** 32-bit rotate left, as a signed int32 (callers only use its bits). */
function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
