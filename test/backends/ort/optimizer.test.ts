/** AdamW, learning-rate schedules, gradient clipping and the seeded PRNG against closed forms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdamW, updateBuffer } from '../../../src/backends/ort/train/adamw.ts';
import { updateKernel, WasmAdamWStore } from '../../../src/backends/ort/train/adamw-wasm.ts';
import { clipScale, globalNorm } from '../../../src/backends/ort/train/clip.ts';
import { fillDropoutMask } from '../../../src/backends/ort/train/dropout.ts';
import { Rng } from '../../../src/backends/ort/train/prng.ts';
import { learningRate } from '../../../src/backends/ort/train/schedule.ts';

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('AdamW matches the torch.optim.AdamW update for two steps, with and without decay', () => {
  const params = [{ value: Float32Array.of(1, -2), decay: true }, { value: Float32Array.of(1, -2), decay: false }];
  const opt = new AdamW(params, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 });
  // The optimizer may move the values into its own memory: read them through the parameter objects.
  const { value } = params[0]!;
  const { value: frozenDecay } = params[1]!;
  const g1 = Float32Array.of(0.5, -0.25);
  opt.step([g1, g1], 0.1);
  // Step 1: m̂ = g, v̂ = g², update = lr·g/(|g| + eps) ≈ lr·sign(g); decay multiplies by (1 − lr·wd) first.
  close(value[0]!, 1 * (1 - 0.01) - 0.1, 1e-6);
  close(value[1]!, -2 * (1 - 0.01) + 0.1, 1e-6);
  close(frozenDecay[0]!, 1 - 0.1, 1e-6);
  const g2 = Float32Array.of(-0.5, 0.25);
  const before = value[0]!;
  opt.step([g2, g2], 0.1);
  const m = 0.9 * 0.05 + 0.1 * -0.5; // = -0.005
  const v = 0.999 * 0.00025 + 0.001 * 0.25; // second moment of g[0]
  const expected = before * (1 - 0.01) - (0.1 * (m / (1 - 0.81))) / (Math.sqrt(v / (1 - 0.999 ** 2)) + 1e-8);
  close(value[0]!, expected, 1e-6);
  assert.equal(opt.stepCount, 2);
});

test('schedules: linear warmup, then constant, linear decay or cosine to zero', () => {
  const base = { peakLr: 1, warmupSteps: 10, totalSteps: 110 };
  close(learningRate({ ...base, kind: 'linear' }, 0), 0);
  close(learningRate({ ...base, kind: 'linear' }, 5), 0.5);
  close(learningRate({ ...base, kind: 'linear' }, 10), 1);
  close(learningRate({ ...base, kind: 'linear' }, 60), 0.5);
  close(learningRate({ ...base, kind: 'linear' }, 110), 0);
  close(learningRate({ ...base, kind: 'cosine' }, 60), 0.5);
  close(learningRate({ ...base, kind: 'cosine' }, 35), 0.5 * (1 + Math.cos(Math.PI * 0.25)));
  close(learningRate({ ...base, kind: 'constant' }, 100), 1);
});

test('gradient clipping scales to the max norm and leaves small gradients alone', () => {
  const norm = globalNorm([Float32Array.of(3), Float32Array.of(4)]);
  close(norm, 5);
  close(clipScale(norm, 1), 1 / (5 + 1e-6));
  assert.equal(clipScale(0.5, 1), 1);
  assert.equal(clipScale(50, undefined), 1);
});

test('the PRNG is deterministic per seed, uniform and normal in distribution; dropout keeps 1−p scaled', () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const xs = Array.from({ length: 5 }, () => a.nextU32());
  assert.deepEqual(Array.from({ length: 5 }, () => b.nextU32()), xs);
  assert.notDeepEqual(Array.from({ length: 5 }, () => new Rng(43).nextU32()), xs);
  const r = new Rng(7);
  const n = 20000;
  const normals = Array.from({ length: n }, () => r.normal());
  const mean = normals.reduce((s, x) => s + x, 0) / n;
  const variance = normals.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
  assert.ok(Math.abs(mean) < 0.03 && Math.abs(variance - 1) < 0.05, `mean ${mean}, variance ${variance}`);
  const mask = new Float32Array(n);
  fillDropoutMask(mask, 0.25, new Rng(1));
  const kept = mask.filter((x) => x !== 0);
  assert.ok(Math.abs(kept.length / n - 0.75) < 0.02);
  assert.ok(kept.every((x) => Math.abs(x - 1 / 0.75) < 1e-6));
});

test('clipAndStep equals globalNorm + clipScale + step bit for bit, and returns the unclipped norm', () => {
  const make = (): { value: Float32Array; decay: boolean }[] => [
    { value: Float32Array.of(0.3, -1.2, 2.5), decay: true },
    { value: Float32Array.of(0.7, 0.1), decay: false },
  ];
  const grads = [Float32Array.of(1.5, -2, 0.25), Float32Array.of(3, -0.5)];
  const config = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };
  const a = make();
  const b = make();
  const fused = new AdamW(a, config);
  const separate = new AdamW(b, config);
  for (let s = 0; s < 3; s++) {
    const norm = fused.clipAndStep(grads, 0.01, 1);
    const expected = globalNorm(grads);
    separate.step(grads, 0.01, clipScale(expected, 1));
    assert.equal(norm, expected);
  }
  assert.ok(globalNorm(grads) > 1, 'the case clips');
  a.forEach((p, i) => assert.deepEqual(Array.from(p.value), Array.from(b[i]!.value)));
});

test('AdamW refuses a gradient list that does not match its parameters', () => {
  const opt = new AdamW([{ value: new Float32Array(2), decay: true }], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
  assert.throws(() => opt.step([], 0.1), /0 gradients for 1 parameters/);
});

/** Raw bits of a float32 buffer, to compare results exactly (also −0 vs 0 and NaN payloads). */
const bits = (a: Float32Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.length);

test('the wasm SIMD kernel and the TypeScript loop give bit-identical parameters and norms over several clipped steps', () => {
  // Odd lengths (the last element goes through the TypeScript tail), 1-element buffers, and one
  // buffer longer than the kernel's 16384-element gradient chunk (several chunks and a partial one).
  const sizes = [1, 7, 2, 16384 * 2 + 13, 4096, 3];
  const rng = new Rng(5);
  const initial = sizes.map((n) => rng.normalArray(n, 0.5));
  const make = (): { value: Float32Array; decay: boolean }[] => initial.map((v, i) => ({ value: v.slice(), decay: i % 2 === 1 }));
  const config = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.05 };
  const viaJs = make();
  const viaWasm = make();
  const js = new AdamW(viaJs, { ...config, kernel: 'js' });
  const wasm = new AdamW(viaWasm, { ...config, kernel: 'wasm' });
  assert.equal(js.kernel, 'js');
  assert.equal(wasm.kernel, 'wasm');
  let clipped = 0;
  for (let s = 0; s < 6; s++) {
    // Gradients of varied scale (some steps clip at 1.0, some do not), with zeros and tiny values.
    const grads = sizes.map((n) => rng.normalArray(n, s % 2 === 0 ? 0.3 : 1e-4));
    grads[1]![2] = 0;
    grads[3]![5] = 1e-30;
    const lr = 1e-2 / (s + 1);
    const a = js.clipAndStep(grads, lr, 1);
    const b = wasm.clipAndStep(grads, lr, 1);
    assert.equal(b, a, `step ${s}: norms differ`);
    if (a > 1) clipped++;
    viaJs.forEach((p, i) => assert.deepEqual(bits(viaWasm[i]!.value), bits(p.value), `step ${s}, buffer ${i} (${sizes[i]} values)`));
  }
  assert.ok(clipped >= 2 && clipped <= 4, `clipping active in some steps only (${clipped} of 6)`);
  // Also without clipping (gradScale 1) and without decay.
  const noDecay = { ...config, weightDecay: 0 };
  const p1 = make();
  const p2 = make();
  const o1 = new AdamW(p1, { ...noDecay, kernel: 'js' });
  const o2 = new AdamW(p2, { ...noDecay, kernel: 'wasm' });
  for (let s = 0; s < 3; s++) {
    const grads = sizes.map((n) => rng.normalArray(n, 2));
    o1.step(grads, 1e-3);
    o2.step(grads, 1e-3);
  }
  p1.forEach((p, i) => assert.deepEqual(bits(p2[i]!.value), bits(p.value)));
  assert.ok(p1.every((p, i) => p.value.some((x, k) => x !== initial[i]![k])), 'the updates changed every buffer');
});

test('the wasm kernel moves parameters into its memory with their values; the TypeScript kernel keeps the arrays', () => {
  const value = Float32Array.of(1, 2, 3);
  const viaWasm = [{ value, decay: true }];
  const opt = new AdamW(viaWasm, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
  assert.equal(opt.kernel, 'wasm', 'wasm is the default when the parameters fit');
  assert.notEqual(viaWasm[0]!.value, value);
  assert.deepEqual(Array.from(viaWasm[0]!.value), [1, 2, 3]);
  assert.ok(viaWasm[0]!.value.buffer instanceof ArrayBuffer, 'a plain ArrayBuffer (onnxruntime-node refuses SharedArrayBuffer)');
  const viaJs = [{ value, decay: true }];
  new AdamW(viaJs, { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, kernel: 'js' });
  assert.equal(viaJs[0]!.value, value);
});

test('parameters beyond one 4 GiB wasm memory get no wasm store (the TypeScript loop runs), without allocating it', () => {
  assert.equal(WasmAdamWStore.create([300_000_000, 60_000_000]), undefined);
  const store = WasmAdamWStore.create([5, 8]);
  assert.ok(store);
  assert.deepEqual(store.p.map((p) => p.length), [5, 8]);
  assert.ok(store.p[1]!.byteOffset % 16 === 0 && store.m[0]!.byteOffset % 16 === 0, 'buffers start 16-byte aligned');
});

test('AdamW refuses a gradient of the wrong length (the wasm kernel would read stale values)', () => {
  const opt = new AdamW([{ value: new Float32Array(4), decay: true }], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 });
  assert.throws(() => opt.step([new Float32Array(3)], 0.1), /gradient 0 has 3 values for 4 parameters/);
});

test('the wasm kernel does the float64 arithmetic of updateBuffer operation for operation (float64 arrays show every rounding)', () => {
  // Float32 results hide a one-ulp float64 difference almost always, so the kernel's arithmetic is
  // also compiled over float64 arrays and compared with updateBuffer run on float64 arrays.
  const n = 4096;
  const pages = 2; // four arrays of 4096 float64 = 128 KiB
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const kernel = updateKernel(memory, pages, 'f64');
  const rng = new Rng(9);
  const rand = (scale: number): Float64Array => Float64Array.from(rng.normalArray(n, scale), (x, i) => x * (1 + i * 1e-7));
  const [p, g, m] = [rand(1), rand(0.3), rand(0.01)];
  const v = rand(1e-3).map((x) => x * x);
  const inWasm = [p, m, v, g].map((a, k) => {
    const view = new Float64Array(memory.buffer, k * n * 8, n);
    view.set(a);
    return view;
  });
  const [decay, gradScale, beta1, beta2, eps, stepSize, invSqrtC2] = [1 - 1e-3 * 0.01, 0.37, 0.9, 0.999, 1e-8, 1e-3 / (1 - 0.9 ** 3), 1 / Math.sqrt(1 - 0.999 ** 3)];
  kernel(0, n * 8, 2 * n * 8, 3 * n * 8, n / 2, decay, gradScale, beta1, 1 - beta1, beta2, 1 - beta2, stepSize, invSqrtC2, eps);
  updateBuffer(p, g, m, v, decay, gradScale, beta1, beta2, eps, stepSize, invSqrtC2);
  const bits64 = (a: Float64Array): BigUint64Array => new BigUint64Array(a.buffer, a.byteOffset, a.length);
  assert.deepEqual(bits64(inWasm[0]!), bits64(p), 'parameters');
  assert.deepEqual(bits64(inWasm[1]!), bits64(m), 'first moments');
  assert.deepEqual(bits64(inWasm[2]!), bits64(v), 'second moments');
});
