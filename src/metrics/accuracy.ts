/** Accuracy: the fraction of examples whose predicted class equals the label. */
import { checkPaired } from './check-inputs.ts';

export function accuracy(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPaired('accuracy', predictions, labels);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predictions[i] === labels[i]) correct++;
  return correct / labels.length;
}
