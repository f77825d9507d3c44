/** Mean squared error of a regression: mean of (prediction − label)². Lower is better. */
import { checkPaired } from './check-inputs.ts';

export function meanSquaredError(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPaired('mse', predictions, labels);
  let sum = 0;
  for (let i = 0; i < labels.length; i++) sum += (predictions[i]! - labels[i]!) ** 2;
  return sum / labels.length;
}
