/**
 * Keeping a ReFT rotation R ∈ ℝ^{r×d} at orthonormal rows (R Rᵀ = I). pyreft uses torch's
 * differentiable orthogonal parametrization; the `ort` engine uses a retraction instead: after every
 * optimizer step the updated R is replaced by the Q factor of its QR decomposition (rows
 * re-orthonormalised by modified Gram–Schmidt, run twice in float64 — "twice is enough" — so the
 * float32 result is orthonormal to rounding). The same routine draws the initial R.
 */
import type { Rng } from '../train/prng.ts';

/** Orthonormalises the rows of the row-major r×d matrix `data` in place (QR retraction, signs kept). */
export function orthonormalizeRows(data: Float32Array, r: number, d: number): void {
  if (data.length !== r * d) throw new Error(`orthonormalizeRows: ${data.length} values are not ${r}×${d}`);
  if (r > d) throw new Error(`orthonormalizeRows: ${r} rows cannot be orthonormal in ${d} dimensions`);
  const m = Float64Array.from(data);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < r; i++) {
      const row = m.subarray(i * d, (i + 1) * d);
      for (let j = 0; j < i; j++) {
        const prev = m.subarray(j * d, (j + 1) * d);
        let dot = 0;
        for (let k = 0; k < d; k++) dot += row[k]! * prev[k]!;
        for (let k = 0; k < d; k++) row[k]! -= dot * prev[k]!;
      }
      let norm = 0;
      for (let k = 0; k < d; k++) norm += row[k]! * row[k]!;
      norm = Math.sqrt(norm);
      if (!(norm > 1e-30)) throw new Error(`orthonormalizeRows: row ${i} is linearly dependent on the rows before it`);
      for (let k = 0; k < d; k++) row[k]! /= norm;
    }
  }
  data.set(m);
}

/** Frobenius norm of R Rᵀ − I for the row-major r×d matrix `data` (computed in float64). */
export function orthonormalityError(data: Float32Array, r: number, d: number): number {
  let sum = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < r; j++) {
      let dot = 0;
      for (let k = 0; k < d; k++) dot += data[i * d + k]! * data[j * d + k]!;
      const e = dot - (i === j ? 1 : 0);
      sum += e * e;
    }
  }
  return Math.sqrt(sum);
}

/** A random r×d matrix with orthonormal rows (Gaussian, then QR: Haar-distributed like torch's orthogonal_). */
export function randomOrthonormalRows(rng: Rng, r: number, d: number): Float32Array {
  const data = rng.normalArray(r * d);
  orthonormalizeRows(data, r, d);
  return data;
}
