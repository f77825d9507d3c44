/**
 * Matthews correlation coefficient (CoLA's metric), in its multi-class form (Gorodkin's R_K, the
 * one scikit-learn computes), which reduces to (TP·TN − FP·FN)/√((TP+FP)(TP+FN)(TN+FP)(TN+FN)) for
 * two classes:
 *   MCC = (c·s − Σ_k p_k·t_k) / √((s² − Σ_k p_k²)(s² − Σ_k t_k²))
 * with s examples, c correct, p_k predictions of class k, t_k true labels of class k.
 * 0 when the denominator is 0 (a constant prediction or label), as scikit-learn returns.
 */
import { checkPaired } from './check-inputs.ts';

export function matthews(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPaired('matthews', predictions, labels);
  const predicted = new Map<number, number>();
  const actual = new Map<number, number>();
  let correct = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = predictions[i]!;
    const t = labels[i]!;
    predicted.set(p, (predicted.get(p) ?? 0) + 1);
    actual.set(t, (actual.get(t) ?? 0) + 1);
    if (p === t) correct++;
  }
  const s = labels.length;
  let pt = 0;
  for (const [k, count] of predicted) pt += count * (actual.get(k) ?? 0);
  const sumSquares = (m: Map<number, number>) => [...m.values()].reduce((a, c) => a + c * c, 0);
  const denominator = Math.sqrt((s * s - sumSquares(predicted)) * (s * s - sumSquares(actual)));
  return denominator === 0 ? 0 : (correct * s - pt) / denominator;
}
