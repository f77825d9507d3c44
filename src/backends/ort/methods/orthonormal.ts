/**
 * Orthonormal rows on the host: Gram–Schmidt (run twice in float64 — "twice is enough" — so the
 * float32 result is orthonormal to rounding), the orthonormality error ‖R Rᵀ − I‖, and random
 * orthonormal rows. ReFT draws its fixed orthogonal base with `randomOrthogonal`;
 * during training R stays orthonormal through its Householder parametrization (householder.ts),
 * as in pyreft, so nothing here runs between optimizer steps.
 */
import type { Rng } from '../train/prng.ts';

/** Orthonormalises the rows of the row-major r×d matrix `data` in place (the Q factor of its QR decomposition, signs kept). */
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

/**
 * A random d×d orthogonal matrix, row-major: d² Gaussian draws (the same draws, in the same order,
 * as `randomOrthonormalRows(rng, d, d)`, so its first r rows are that function's r×d result up to
 * rounding), rows orthonormalised by one pass of modified Gram–Schmidt in float64. One pass is
 * enough here: a square Gaussian matrix has condition number of order d, so the loss of
 * orthogonality is about d · 1e-16, far below float32 rounding. O(d³): about 1.3 s at d = 768 here.
 */
export function randomOrthogonal(rng: Rng, d: number): Float32Array {
  const m = Float64Array.from(rng.normalArray(d * d));
  for (let i = 0; i < d; i++) {
    const ri = i * d;
    for (let j = 0; j < i; j++) {
      const rj = j * d;
      // Four partial sums: independent chains the JIT can overlap (twice as fast as one at d = 768).
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      let k = 0;
      for (; k + 3 < d; k += 4) {
        s0 += m[ri + k]! * m[rj + k]!;
        s1 += m[ri + k + 1]! * m[rj + k + 1]!;
        s2 += m[ri + k + 2]! * m[rj + k + 2]!;
        s3 += m[ri + k + 3]! * m[rj + k + 3]!;
      }
      for (; k < d; k++) s0 += m[ri + k]! * m[rj + k]!;
      const dot = s0 + s1 + s2 + s3;
      for (k = 0; k < d; k++) m[ri + k] = m[ri + k]! - dot * m[rj + k]!;
    }
    let norm = 0;
    for (let k = 0; k < d; k++) norm += m[ri + k]! * m[ri + k]!;
    norm = Math.sqrt(norm);
    if (!(norm > 1e-30)) throw new Error(`randomOrthogonal: row ${i} is linearly dependent on the rows before it`);
    for (let k = 0; k < d; k++) m[ri + k] = m[ri + k]! / norm;
  }
  return Float32Array.from(m);
}
