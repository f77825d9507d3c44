/** Global gradient-norm clipping (torch.nn.utils.clip_grad_norm_ with the L2 norm). */

/** L2 norm over all gradient buffers (accumulated in float64). */
export function globalNorm(grads: readonly Float32Array[]): number {
  let sum = 0;
  for (const g of grads) for (let i = 0; i < g.length; i++) sum += g[i]! * g[i]!;
  return Math.sqrt(sum);
}

/** The factor torch multiplies gradients by: min(1, maxNorm / (norm + 1e-6)); 1 when clipping is off. */
export function clipScale(norm: number, maxNorm: number | undefined): number {
  if (maxNorm === undefined || maxNorm <= 0) return 1;
  return Math.min(1, maxNorm / (norm + 1e-6));
}
