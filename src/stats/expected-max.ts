/**
 * Expected validation performance (Dodge et al., 2019, "Show Your Work"): the expected best dev
 * score when n of the N observed trials are drawn with replacement. With scores sorted ascending
 * v_1 ≤ … ≤ v_N, P(max = v_i) = (i/N)^n − ((i−1)/N)^n, so
 *   E[max_n] = Σ_i v_i · ((i/N)^n − ((i−1)/N)^n),
 * and its standard deviation follows from E[max_n²] the same way.
 * For "lower is better" metrics pass `lowerIsBetter` and the expected minimum is returned.
 */

export interface ExpectedMax {
  trials: number;
  expected: number;
  std: number;
}

export function expectedMaxScore(scores: readonly number[], n: number, lowerIsBetter = false): ExpectedMax {
  const N = scores.length;
  if (N === 0 || n < 1) return { trials: n, expected: Number.NaN, std: Number.NaN };
  const sorted = scores.map((s) => (lowerIsBetter ? -s : s)).sort((a, b) => a - b);
  let first = 0;
  let second = 0;
  for (let i = 1; i <= N; i++) {
    const weight = (i / N) ** n - ((i - 1) / N) ** n;
    const v = sorted[i - 1] as number;
    first += weight * v;
    second += weight * v * v;
  }
  const std = Math.sqrt(Math.max(0, second - first * first));
  return { trials: n, expected: lowerIsBetter ? -first : first, std };
}

/**
 * The curve for n = 1..maxTrials (default: the number of observed trials). Same formula as
 * expectedMaxScore, with the powers (i/N)^n kept from one n to the next instead of recomputed.
 */
export function expectedMaxCurve(scores: readonly number[], lowerIsBetter = false, maxTrials = scores.length): ExpectedMax[] {
  const N = scores.length;
  if (N === 0) return Array.from({ length: maxTrials }, (_, k) => ({ trials: k + 1, expected: Number.NaN, std: Number.NaN }));
  const sorted = scores.map((s) => (lowerIsBetter ? -s : s)).sort((a, b) => a - b);
  const powers = new Float64Array(N + 1).fill(1); // powers[i] = (i/N)^n
  const out: ExpectedMax[] = [];
  for (let n = 1; n <= maxTrials; n++) {
    for (let i = 0; i <= N; i++) powers[i] = (powers[i] as number) * (i / N);
    let first = 0;
    let second = 0;
    for (let i = 1; i <= N; i++) {
      const weight = (powers[i] as number) - (powers[i - 1] as number);
      const v = sorted[i - 1] as number;
      first += weight * v;
      second += weight * v * v;
    }
    out.push({ trials: n, expected: lowerIsBetter ? -first : first, std: Math.sqrt(Math.max(0, second - first * first)) });
  }
  return out;
}
