/**
 * AdamW (decoupled weight decay, as torch.optim.AdamW): per parameter
 *   p ← p − lr·wd·p;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *   p ← p − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 * State is float32 like torch's; the update loop is plain TypeScript over the parameter buffers,
 * in place in the buffers the training session reads next step (no per-step allocation). The loop is
 * memory-bound: it reads p, g, m, v and writes p, m, v, 28 bytes per parameter.
 */
import { clipScale } from './clip.ts';
export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
}

export const ADAMW_DEFAULTS: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };

export class AdamW {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;

  constructor(
    private readonly params: readonly { value: Float32Array; decay: boolean }[],
    private readonly config: AdamWConfig,
  ) {
    this.m = params.map((p) => new Float32Array(p.value.length));
    this.v = params.map((p) => new Float32Array(p.value.length));
  }

  get stepCount(): number {
    return this.t;
  }

  /**
   * Gradient clipping and the update in one call: the global L2 norm of `grads` (float64, summed in
   * parameter order, the same value as `globalNorm`), then `step` with torch's clip factor.
   * Returns the norm before clipping.
   */
  clipAndStep(grads: readonly Float32Array[], lr: number, maxGradNorm: number | undefined): number {
    let sum = 0;
    for (let i = 0; i < grads.length; i++) sum = sumSquares(grads[i]!, sum);
    const norm = Math.sqrt(sum);
    this.step(grads, lr, clipScale(norm, maxGradNorm));
    return norm;
  }

  /** One update with learning rate `lr`; `grads[i]` belongs to `params[i]`, scaled by `gradScale` (clipping). */
  step(grads: readonly Float32Array[], lr: number, gradScale = 1): void {
    if (grads.length !== this.params.length) throw new Error(`AdamW.step: ${grads.length} gradients for ${this.params.length} parameters`);
    this.t++;
    const { beta1, beta2, eps, weightDecay } = this.config;
    const c1 = 1 - Math.pow(beta1, this.t);
    const c2 = 1 - Math.pow(beta2, this.t);
    const stepSize = lr / c1;
    const invSqrtC2 = 1 / Math.sqrt(c2);
    for (let i = 0; i < this.params.length; i++) {
      const param = this.params[i]!;
      updateBuffer(param.value, grads[i]!, this.m[i]!, this.v[i]!, param.decay ? 1 - lr * weightDecay : 1, gradScale, beta1, beta2, eps, stepSize, invSqrtC2);
    }
  }
}

/** `acc` + Σ g² in float64, element by element (the order `globalNorm` sums in). */
function sumSquares(g: Float32Array, acc: number): number {
  let sum = acc;
  const n = g.length;
  for (let k = 0; k < n; k++) {
    const x = g[k]!;
    sum += x * x;
  }
  return sum;
}

/** The AdamW update of one buffer (a monomorphic loop V8 compiles tightly). */
function updateBuffer(
  p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array,
  decay: number, gradScale: number, beta1: number, beta2: number, eps: number, stepSize: number, invSqrtC2: number,
): void {
  const oneMinusB1 = 1 - beta1;
  const oneMinusB2 = 1 - beta2;
  const n = p.length;
  for (let k = 0; k < n; k++) {
    const gk = g[k]! * gradScale;
    const mk = beta1 * m[k]! + oneMinusB1 * gk;
    const vk = beta2 * v[k]! + oneMinusB2 * gk * gk;
    m[k] = mk;
    v[k] = vk;
    p[k] = p[k]! * decay - (stepSize * mk) / (Math.sqrt(vk) * invSqrtC2 + eps);
  }
}
