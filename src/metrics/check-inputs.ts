/** Shared guard of every metric: predictions and references of the same, non-zero length. */
export function checkPaired(metric: string, predictions: ArrayLike<number>, labels: ArrayLike<number>): void {
  if (predictions.length !== labels.length) {
    throw new Error(`${metric}: ${predictions.length} predictions for ${labels.length} labels`);
  }
  if (labels.length === 0) throw new Error(`${metric}: no examples to score`);
}
