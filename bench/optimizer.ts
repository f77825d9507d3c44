/**
 * `node --import tsx bench/optimizer.ts` — a micro-benchmark, not a test: gradient clipping + AdamW
 * (`AdamW.clipAndStep`) over the trainable parameters of BERT-base full fine-tuning with a 2-label
 * head (109,483,778 values in 201 buffers of the real shapes), for each update kernel (TypeScript loop
 * and WebAssembly SIMD). Prints per kernel the median over the timed steps of the whole call, of the
 * norm pass alone (`globalNorm`) and of the update alone (`step`), and checks that both kernels
 * leave bit-identical parameters.
 *
 *   node --import tsx bench/optimizer.ts [--steps 5] [--layers 12] [--kernels js,wasm]
 */
import { parseArgs } from 'node:util';
import { AdamW } from '../src/backends/ort/train/adamw.ts';
import { clipScale, globalNorm } from '../src/backends/ort/train/clip.ts';
import { Rng } from '../src/backends/ort/train/prng.ts';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '5' },
    layers: { type: 'string', default: '12' },
    kernels: { type: 'string', default: 'js,wasm' },
  },
});
const STEPS = Number(args.steps);
const kernels = args.kernels.split(',').map((k) => k.trim());
for (const k of kernels) if (k !== 'js' && k !== 'wasm') throw new Error(`--kernels: unknown kernel ${k} (js, wasm)`);

/** The buffer sizes of BERT-base (vocab 30522, 512 positions, 2 token types, hidden 768, FFN 3072) + pooler + 2-label head, in engine order; biases and norms without decay. */
function bertBaseBuffers(layers: number): { size: number; decay: boolean }[] {
  const H = 768;
  const F = 3072;
  const w = (size: number): { size: number; decay: boolean } => ({ size, decay: true });
  const b = (size: number): { size: number; decay: boolean } => ({ size, decay: false });
  const out = [w(30522 * H), w(512 * H), w(2 * H), b(H), b(H)];
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < 4; q++) out.push(w(H * H), b(H));
    out.push(b(H), b(H), w(H * F), b(F), w(F * H), b(H), b(H), b(H));
  }
  out.push(w(H * H), b(H), w(2 * H), b(2));
  return out;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const buffers = bertBaseBuffers(Number(args.layers));
const total = buffers.reduce((n, x) => n + x.size, 0);
const rng = new Rng(11);
const initial = buffers.map((x) => rng.normalArray(x.size, 0.02));
// A few distinct gradient sets, large enough that clipping at 1.0 is active.
const gradSets = [0, 1].map(() => buffers.map((x) => rng.normalArray(x.size, 1e-3)));
const config = { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01 };
console.log(`clip + AdamW micro-benchmark: ${total} parameters in ${buffers.length} buffers, ${STEPS} timed steps after 1 warm-up, kernels ${kernels.join(', ')}`);

const results = new Map<string, Float32Array[]>();
for (const kernel of kernels) {
  const params = buffers.map((x, i) => ({ value: initial[i]!.slice(), decay: x.decay }));
  const opt = new AdamW(params, { ...config, kernel: kernel as 'js' | 'wasm' });
  const whole: number[] = [];
  const norm: number[] = [];
  const update: number[] = [];
  for (let s = 0; s <= STEPS; s++) {
    const grads = gradSets[s % gradSets.length]!;
    const t0 = performance.now();
    opt.clipAndStep(grads, 1e-4, 1);
    const t1 = performance.now();
    const n = globalNorm(grads);
    const t2 = performance.now();
    opt.step(grads, 1e-4, clipScale(n, 1));
    const t3 = performance.now();
    if (s === 0) continue;
    whole.push((t1 - t0) / 1000);
    norm.push((t2 - t1) / 1000);
    update.push((t3 - t2) / 1000);
  }
  results.set(kernel, params.map((p) => p.value));
  console.log(
    `${kernel.padEnd(5)} clipAndStep ${median(whole).toFixed(3)} s (min ${Math.min(...whole).toFixed(3)})  norm pass ${median(norm).toFixed(3)} s  update ${median(update).toFixed(3)} s` +
    `  = ${((median(update) * 1e9) / total).toFixed(2)} ns/parameter`,
  );
}
const [first, ...rest] = [...results.entries()];
for (const [kernel, values] of rest) {
  let differ = 0;
  values.forEach((v, i) => {
    const a = new Uint32Array(v.buffer, v.byteOffset, v.length);
    const ref = first![1][i]!;
    const b = new Uint32Array(ref.buffer, ref.byteOffset, ref.length);
    for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) differ++;
  });
  console.log(`${kernel} vs ${first![0]} after ${2 * (STEPS + 1)} updates: ${differ} of ${total} parameters differ in any bit`);
}
