/**
 * Dropout masks as graph inputs: each training step the trainer fills, from the seeded generator,
 * a mask with 0 (dropped, probability p) or 1/(1−p) (kept), so a run is reproducible bit for bit.
 */
import type { Rng } from './prng.ts';

export function fillDropoutMask(mask: Float32Array, p: number, rng: Rng): void {
  const keep = 1 / (1 - p);
  for (let i = 0; i < mask.length; i++) mask[i] = rng.uniform() < p ? 0 : keep;
}
