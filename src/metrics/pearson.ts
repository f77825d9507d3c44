/**
 * Pearson correlation r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²) (STS-B), computed with centred sums.
 * 0 when either side is constant (r is undefined there; 0 = "no linear relation" keeps selection
 * and reports numeric).
 */
import { checkPaired } from './check-inputs.ts';

export function pearson(predictions: ArrayLike<number>, labels: ArrayLike<number>): number {
  checkPaired('pearson', predictions, labels);
  const n = labels.length;
  let meanX = 0;
  let meanY = 0;
  for (let i = 0; i < n; i++) {
    meanX += predictions[i]!;
    meanY += labels[i]!;
  }
  meanX /= n;
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = predictions[i]! - meanX;
    const dy = labels[i]! - meanY;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return 0;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}
