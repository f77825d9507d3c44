/**
 * AdamW (decoupled weight decay, as torch.optim.AdamW): per parameter
 *   p ← p − lr·wd·p;  m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;
 *   p ← p − lr · (m / (1−β₁ᵗ)) / (√(v / (1−β₂ᵗ)) + ε).
 * State is float32 like torch's; each element is updated in float64 and stored back as float32, in
 * place in the buffers the training session reads next step (no per-step allocation). It reads p, g,
 * m, v and writes p, m, v: 28 bytes per parameter.
 *
 * Two kernels compute the same bits: by default a WebAssembly SIMD loop (`adamw-wasm.ts`; the
 * parameter buffers are moved into its memory when the optimizer is made, see the constructor), and
 * the TypeScript loop `updateBuffer`, used when the parameters do not fit one 4 GiB wasm memory, when
 * wasm is unavailable, for odd tails, or on request (`kernel: 'js'`).
 */
import { WasmAdamWStore, type AdamWScalars } from './adamw-wasm.ts';
import { clipScale } from './clip.ts';
export interface AdamWConfig {
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
  /** Which update loop runs (same results either way): 'wasm' (required), 'js', or unset (wasm when it fits, else js). */
  kernel?: 'wasm' | 'js';
}

export const ADAMW_DEFAULTS: AdamWConfig = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 };

export class AdamW {
  private readonly m: readonly Float32Array[];
  private readonly v: readonly Float32Array[];
  private readonly store: WasmAdamWStore | undefined;
  private t = 0;

  /**
   * With the wasm kernel, each `params[i].value` is replaced by a view of the optimizer's memory
   * holding the same values: read `value` from the parameter objects after this call, never keep
   * the arrays from before it.
   */
  constructor(
    private readonly params: readonly { value: Float32Array; decay: boolean }[],
    private readonly config: AdamWConfig,
  ) {
    this.store = config.kernel === 'js' ? undefined : WasmAdamWStore.create(params.map((p) => p.value.length));
    if (config.kernel === 'wasm' && !this.store) throw new Error('AdamW: the wasm kernel was required but the parameters do not fit one wasm memory or WebAssembly SIMD is unavailable');
    if (this.store) {
      const store = this.store;
      params.forEach((p, i) => {
        store.p[i]!.set(p.value);
        p.value = store.p[i]!;
      });
      this.m = store.m;
      this.v = store.v;
    } else {
      this.m = params.map((p) => new Float32Array(p.value.length));
      this.v = params.map((p) => new Float32Array(p.value.length));
    }
  }

  /** The update loop in use. */
  get kernel(): 'wasm' | 'js' {
    return this.store ? 'wasm' : 'js';
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
      const g = grads[i]!;
      const n = param.value.length;
      if (g.length !== n) throw new Error(`AdamW.step: gradient ${i} has ${g.length} values for ${n} parameters`);
      const decay = param.decay ? 1 - lr * weightDecay : 1;
      if (!this.store) {
        updateBuffer(param.value, g, this.m[i]!, this.v[i]!, decay, gradScale, beta1, beta2, eps, stepSize, invSqrtC2);
        continue;
      }
      const even = n - (n % 2);
      const scalars: AdamWScalars = { decay, gradScale, beta1, beta2, eps, stepSize, invSqrtC2 };
      this.store.updatePairs(i, g, even, scalars);
      if (even < n) {
        updateBuffer(param.value.subarray(even), g.subarray(even), this.m[i]!.subarray(even), this.v[i]!.subarray(even), decay, gradScale, beta1, beta2, eps, stepSize, invSqrtC2);
      }
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

/**
 * The AdamW update of one buffer (a monomorphic loop V8 compiles tightly: the optimizer only passes
 * Float32Arrays; the float64 arrays are for the test that compares the wasm kernel's float64 arithmetic).
 */
export function updateBuffer(
  p: Float32Array | Float64Array, g: Float32Array | Float64Array, m: Float32Array | Float64Array, v: Float32Array | Float64Array,
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
