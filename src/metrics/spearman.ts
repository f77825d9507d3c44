/**
 * Spearman rank correlation (STS-B): Pearson's r of the ranks, where tied values share the average
 * of the ranks they span (scipy's `rankdata(method="average")`).
 */
import { checkPaired } from './check-inputs.ts';
import { pearson } from './pearson.ts';

/** 1-based ranks with ties averaged. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(values.length);
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]!] === values[order[start]!]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!] = rank;
    start = end;
  }
  return ranks;
}

export function spearman(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPaired('spearman', predictions, labels);
  return pearson(averageRanks(predictions), averageRanks(labels));
}
