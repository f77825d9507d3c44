/** AdamW, learning-rate schedules, gradient clipping and the seeded PRNG against closed forms. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AdamW } from '../../../src/backends/ort/train/adamw.ts';
import { clipScale, globalNorm } from '../../../src/backends/ort/train/clip.ts';
import { fillDropoutMask } from '../../../src/backends/ort/train/dropout.ts';
import { Rng } from '../../../src/backends/ort/train/prng.ts';
import { learningRate } from '../../../src/backends/ort/train/schedule.ts';

const close = (a: number, b: number, tol = 1e-6): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('AdamW matches the torch.optim.AdamW update for two steps, with and without decay', () => {
  const value = Float32Array.of(1, -2);
  const frozenDecay = Float32Array.of(1, -2);
  const opt = new AdamW([{ value, decay: true }, { value: frozenDecay, decay: false }], { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.1 });
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
