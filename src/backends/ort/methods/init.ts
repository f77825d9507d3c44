/**
 * Seeded initialisations the methods share, matching torch's defaults where the reference
 * implementation (pyreft, peft) relies on them.
 */
import type { Rng } from '../train/prng.ts';

/** n draws from U(lo, hi). */
export function uniformArray(rng: Rng, n: number, lo: number, hi: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * rng.uniform();
  return out;
}

/**
 * torch.nn.Linear's default initialisation of a [out, in] weight and its bias: kaiming_uniform with
 * a = √5, i.e. U(−1/√in, 1/√in), for both (peft's LoRA A uses the same bound).
 */
export function linearDefaultInit(rng: Rng, out: number, inFeatures: number): { weight: Float32Array; bias: Float32Array } {
  const bound = 1 / Math.sqrt(inFeatures);
  return { weight: uniformArray(rng, out * inFeatures, -bound, bound), bias: uniformArray(rng, out, -bound, bound) };
}
