/** Closest-name suggestions for typos (`lorra` → `lora`), by Levenshtein distance. */

/** Edit distance counting insertions, deletions, substitutions and adjacent swaps (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j]!;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      d[i * cols + j] = best;
    }
  }
  return at(a.length, b.length);
}

/**
 * The candidate closest to `value` (case-insensitive), if it is close enough to be a likely typo:
 * at most a third of the longer name's length (at least 1 edit).
 */
export function didYouMean(value: string, candidates: readonly string[]): string | undefined {
  // No name is this long: a value pasted by mistake (edit distance would take seconds on it).
  if (value.length > 200) return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  const v = value.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(v, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.max(1, Math.floor(Math.max(value.length, best.length) / 3));
  return bestDistance <= limit ? best : undefined;
}
