/**
 * Multiple-comparison corrections for the family of method-vs-baseline tests in one report.
 * - Holm (1979) step-down: controls the family-wise error rate; the report's default.
 * - Benjamini–Hochberg (1995) step-up: controls the false discovery rate.
 * Both return adjusted p-values in the input order, as R's p.adjust does.
 */

export type Correction = 'holm' | 'bh';

export const correctionNames: Readonly<Record<Correction, string>> = {
  holm: 'Holm–Bonferroni (family-wise error rate)',
  bh: 'Benjamini–Hochberg (false discovery rate)',
};

function ascendingOrder(pValues: readonly number[]): number[] {
  return pValues.map((_, i) => i).sort((i, j) => (pValues[i] as number) - (pValues[j] as number) || i - j);
}

export function holm(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  const adjusted = new Array<number>(m).fill(0);
  let running = 0;
  order.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * (pValues[index] as number)));
    adjusted[index] = running;
  });
  return adjusted;
}

export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = ascendingOrder(pValues);
  const adjusted = new Array<number>(m).fill(0);
  let running = 1;
  for (let rank = m - 1; rank >= 0; rank--) {
    const index = order[rank] as number;
    running = Math.min(running, Math.min(1, (m * (pValues[index] as number)) / (rank + 1)));
    adjusted[index] = running;
  }
  return adjusted;
}

export function adjustPValues(pValues: readonly number[], correction: Correction): number[] {
  return correction === 'holm' ? holm(pValues) : benjaminiHochberg(pValues);
}
