/**
 * Binary F1 of the positive class (label 1), as GLUE scores MRPC and QQP:
 * F1 = 2·TP / (2·TP + FP + FN), and 0 when there is no true or predicted positive (scikit-learn's
 * `zero_division=0`).
 */
import { checkPaired } from './check-inputs.ts';

export function binaryF1(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPaired('f1', predictions, labels);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < labels.length; i++) {
    const p = predictions[i] === 1;
    const t = labels[i] === 1;
    if (p && t) tp++;
    else if (p) fp++;
    else if (t) fn++;
  }
  const denominator = 2 * tp + fp + fn;
  return denominator === 0 ? 0 : (2 * tp) / denominator;
}
