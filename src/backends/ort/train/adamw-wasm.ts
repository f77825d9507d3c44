/**
 * The AdamW update as a WebAssembly SIMD kernel (two float64 lanes), bit-identical to the TypeScript
 * loop in `adamw.ts` (`updateBuffer`): every element is promoted float32 → float64, goes through the
 * same float64 operations in the same order (no fused multiply-add: wasm's f64x2.mul and f64x2.add
 * round separately, as JavaScript does), and is demoted back with round-to-nearest-even, exactly what
 * a Float32Array store does. The first and second moments used in the parameter update are the
 * float64 values, not their stored float32 roundings, as in the TypeScript loop.
 *
 * A wasm module can only address its own memory, so `WasmAdamWStore` keeps the parameters and both
 * moment buffers in one fixed-size `WebAssembly.Memory` (the parameter arrays the sessions are fed
 * become Float32Array views of it) and copies each gradient in through a small staging area, chunk
 * by chunk, right before the kernel reads it (the chunk is still in cache). The memory never grows,
 * so the views stay valid for the optimizer's life.
 */
import { I, ValType, wasmModule, type WasmFunction } from './wasm-binary.ts';

/** The per-step scalars of one buffer's update (the arguments of `updateBuffer` after the arrays). */
export interface AdamWScalars {
  decay: number;
  gradScale: number;
  beta1: number;
  beta2: number;
  eps: number;
  stepSize: number;
  invSqrtC2: number;
}

/** Elements per gradient chunk copied into wasm memory (even; 64 KiB, stays in L2 between copy and update). */
const CHUNK = 16384;
const PAGE = 65536;
/** Pages one 32-bit wasm memory can hold (4 GiB). */
const MAX_PAGES = 65536;
const F32 = 4;

/**
 * `update(p, m, v, g, pairs, decay, gradScale, beta1, 1−β₁, beta2, 1−β₂, stepSize, invSqrtC2, eps)`:
 * byte addresses of the four arrays and the number of element pairs to update. `element` 'f32' is
 * the optimizer's kernel; 'f64' (float64 arrays, no promotion or demotion, the same arithmetic
 * instructions) exists so a test can see every float64 rounding, which float32 results hide.
 */
function updateFunction(element: 'f32' | 'f64'): WasmFunction {
  const [p, m, v, g, pairs] = [0, 1, 2, 3, 4];
  // Scalar f64 parameters 5..13 are splatted into v128 locals 14..22, in this order.
  const scalarNames = ['decay', 'gradScale', 'beta1', 'oneMinusB1', 'beta2', 'oneMinusB2', 'stepSize', 'invSqrtC2', 'eps'] as const;
  const splat = (name: (typeof scalarNames)[number]): number => 14 + scalarNames.indexOf(name);
  const [gk, mk, vk] = [23, 24, 25];
  const f32 = element === 'f32';
  const load = (addr: number): number[] => [...I.localGet(addr), ...(f32 ? [...I.v128Load64Zero(), ...I.f64x2PromoteLowF32x4] : I.v128Load())];
  const store = (addr: number, value: number[]): number[] => [...I.localGet(addr), ...value, ...(f32 ? [...I.f32x4DemoteF64x2Zero, ...I.v128Store64Lane(0)] : I.v128Store())];
  const get = I.localGet;
  const advance = (addr: number): number[] => [...get(addr), ...I.i32Const(f32 ? 8 : 16), ...I.i32Add, ...I.localSet(addr)];
  const body = [
    ...scalarNames.flatMap((name, k) => [...get(5 + k), ...I.f64x2Splat, ...I.localSet(splat(name))]),
    ...I.block,
    ...get(pairs), ...I.i32Eqz, ...I.brIf(0),
    ...I.loop,
    // gk = g · gradScale
    ...load(g), ...get(splat('gradScale')), ...I.f64x2Mul, ...I.localSet(gk),
    // mk = β₁·m + (1−β₁)·gk
    ...get(splat('beta1')), ...load(m), ...I.f64x2Mul,
    ...get(splat('oneMinusB1')), ...get(gk), ...I.f64x2Mul, ...I.f64x2Add, ...I.localSet(mk),
    // vk = β₂·v + ((1−β₂)·gk)·gk
    ...get(splat('beta2')), ...load(v), ...I.f64x2Mul,
    ...get(splat('oneMinusB2')), ...get(gk), ...I.f64x2Mul, ...get(gk), ...I.f64x2Mul, ...I.f64x2Add, ...I.localSet(vk),
    ...store(m, get(mk)),
    ...store(v, get(vk)),
    // p = p·decay − (stepSize·mk) / (√vk · invSqrtC2 + eps)
    ...store(p, [
      ...load(p), ...get(splat('decay')), ...I.f64x2Mul,
      ...get(splat('stepSize')), ...get(mk), ...I.f64x2Mul,
      ...get(vk), ...I.f64x2Sqrt, ...get(splat('invSqrtC2')), ...I.f64x2Mul, ...get(splat('eps')), ...I.f64x2Add,
      ...I.f64x2Div,
      ...I.f64x2Sub,
    ]),
    ...advance(p), ...advance(m), ...advance(v), ...advance(g),
    ...get(pairs), ...I.i32Const(1), ...I.i32Sub, ...I.localTee(pairs), ...I.brIf(0),
    ...I.end,
    ...I.end,
  ];
  return {
    name: 'update',
    params: [ValType.i32, ValType.i32, ValType.i32, ValType.i32, ValType.i32, ...scalarNames.map(() => ValType.f64)],
    locals: [...scalarNames.map(() => ValType.v128), ValType.v128, ValType.v128, ValType.v128],
    body,
  };
}

export type UpdateKernel = (p: number, m: number, v: number, g: number, pairs: number, ...scalars: number[]) => void;

/** Compiles the update kernel over `memory` (fixed at `pages`) for float32 (the optimizer's) or float64 arrays. */
export function updateKernel(memory: WebAssembly.Memory, pages: number, element: 'f32' | 'f64' = 'f32'): UpdateKernel {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(wasmModule(pages, [updateFunction(element)])), { env: { memory } });
  return instance.exports.update as UpdateKernel;
}

/** Parameters and AdamW moments in one wasm memory, updated by the SIMD kernel. */
export class WasmAdamWStore {
  private constructor(
    private readonly kernel: UpdateKernel,
    private readonly stage: Float32Array,
    private readonly offsets: readonly number[],
    /** Bytes from a buffer's parameters to its first moment (and from there to its second). */
    private readonly regionBytes: number,
    /** The parameter, first-moment and second-moment views, one per buffer. */
    readonly p: readonly Float32Array[],
    readonly m: readonly Float32Array[],
    readonly v: readonly Float32Array[],
  ) {}

  /**
   * A store for buffers of `sizes` elements (p, m, v zero), or undefined when they do not fit one
   * 4 GiB wasm memory or this runtime cannot compile or allocate it (the caller then keeps its
   * TypeScript loop).
   */
  static create(sizes: readonly number[]): WasmAdamWStore | undefined {
    // Every buffer starts 16-byte aligned; layout: staging chunk | all p | all m | all v.
    const padded = sizes.map((n) => Math.ceil(n / 4) * 4);
    const total = padded.reduce((a, b) => a + b, 0);
    const bytes = (CHUNK + 3 * total) * F32;
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES) return undefined;
    let kernel: UpdateKernel;
    let memory: WebAssembly.Memory;
    try {
      memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
      kernel = updateKernel(memory, pages);
    } catch {
      return undefined;
    }
    const buffer = memory.buffer;
    const offsets: number[] = [];
    let at = CHUNK * F32;
    for (const n of padded) {
      offsets.push(at);
      at += n * F32;
    }
    const view = (region: number) => sizes.map((n, i) => new Float32Array(buffer, offsets[i]! + region * total * F32, n));
    return new WasmAdamWStore(kernel, new Float32Array(buffer, 0, CHUNK), offsets, total * F32, view(0), view(1), view(2));
  }

  /** Bytes of the store's memory. */
  get byteLength(): number {
    return this.stage.buffer.byteLength;
  }

  /**
   * Updates the first `count` elements (even) of buffer `i` with gradient `g` (any Float32Array),
   * copying `g` into the staging area chunk by chunk.
   */
  updatePairs(i: number, g: Float32Array, count: number, s: AdamWScalars): void {
    const pBase = this.offsets[i]!;
    const regionBytes = this.regionBytes;
    const stage = this.stage;
    for (let start = 0; start < count; start += CHUNK) {
      const n = Math.min(CHUNK, count - start);
      stage.set(n === g.length && start === 0 ? g : g.subarray(start, start + n));
      const at = pBase + start * F32;
      this.kernel(at, at + regionBytes, at + 2 * regionBytes, 0, n / 2, s.decay, s.gradScale, s.beta1, 1 - s.beta1, s.beta2, 1 - s.beta2, s.stepSize, s.invSqrtC2, s.eps);
    }
  }
}
