/**
 * Forward of every method's graph rewrite against a closed-form reference computed independently
 * here (float64 on random tensors), and the engine's gradients against central finite differences
 * of that reference. DoRA's reference holds the weight norm fixed, since peft detaches it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nn from '../../src/backends/ort/graph/composite.ts';
import type { Tensor } from '../../src/backends/ort/graph/types.ts';
import type { HostData } from '../../src/backends/ort/exec/session.ts';
import type { LinearSite } from '../../src/backends/ort/methods/method.ts';
import { reftEdit, type ReftAct, type ReftKind } from '../../src/backends/ort/methods/reft-interventions.ts';
import { Rng } from '../../src/backends/ort/train/prng.ts';
import { ortEngine } from '../../src/backends/ort/method-table.ts';
import { tinyArch } from '../../src/models/tiny.ts';
import type { ResolvedHparams } from '../../src/types/run-spec.ts';
import { HarnessContext, finiteDifferenceFailures, matmul, matmulT, maxAbsDiff, randn, runHook } from './engine-harness.ts';

const B = 2;
const S = 3;
const N = B * S;
const d = 6;
const r = 2;
const TOL = 2e-5;

const ACTS: Record<ReftAct, (x: number) => number> = {
  identity: (x) => x,
  relu: (x) => Math.max(x, 0),
  tanh: Math.tanh,
  silu: (x) => x / (1 + Math.exp(-x)),
  gelu: () => {
    throw new Error('no erf in JS: gelu is not used by these references');
  },
};

/** pyreft's Φ(h) for rows h [N, d], R/W [r, d], b [r]. */
function reftReference(kind: ReftKind, act: ReftAct, h: ArrayLike<number>, R: ArrayLike<number>, W: ArrayLike<number>, b: ArrayLike<number>): Float64Array {
  const Rh = matmulT(h, R, N, d, r);
  const source = matmulT(h, W, N, d, r).map((v, i) => ACTS[act](v + b[i % r]!));
  let inner: Float64Array;
  switch (kind) {
    case 'loreft':
    case 'noreft': inner = source.map((v, i) => v - Rh[i]!); break;
    case 'direft':
    case 'nodireft': inner = source; break;
    case 'consreft': inner = Rh.map((v, i) => b[i % r]! - v); break;
    case 'lobireft': inner = Float64Array.from({ length: N * r }, (_, i) => b[i % r]!); break;
  }
  const back = matmul(inner, R, N, r, d);
  return Float64Array.from({ length: N * d }, (_, i) => h[i]! + back[i]!);
}

const REFT_CASES: [ReftKind, ReftAct][] = [
  ['loreft', 'identity'], ['loreft', 'tanh'], ['noreft', 'identity'], ['noreft', 'relu'], ['direft', 'identity'],
  ['direft', 'silu'], ['nodireft', 'identity'], ['consreft', 'identity'], ['lobireft', 'identity'],
];

for (const [kind, act] of REFT_CASES) {
  test(`${kind} (act ${act}): Φ(h) equals pyreft's formula and gradients match finite differences`, async () => {
    const ctx = new HarnessContext(B, S);
    const h = ctx.input('h', [B, S, d]);
    const rotate = ctx.input('R', [r, d]);
    const weight = ctx.input('W', [r, d]);
    const bias = ctx.input('b', [r]);
    const usesWeight = kind !== 'consreft' && kind !== 'lobireft';
    const y = reftEdit(ctx.g, kind, act, h, { rotate, bias, ...(usesWeight ? { weight } : {}) });
    const rng = new Rng(kind.length * 31 + act.length);
    const values = new Map<string, HostData>([['h', randn(rng, [N, d])], ['R', randn(rng, [r, d], 0.5)], ['W', randn(rng, [r, d], 0.5)], ['b', randn(rng, [r])]]);
    const run = await runHook(ctx, y, values);
    const ref = (v: ReadonlyMap<string, ArrayLike<number>>): Float64Array => reftReference(kind, act, v.get('h')!, v.get('R')!, v.get('W')!, v.get('b')!);
    assert.ok(maxAbsDiff(run.y, ref(values as Map<string, Float32Array>)) < TOL);
    const names = usesWeight ? ['h', 'R', 'W', 'b'] : ['h', 'R', 'b'];
    assert.deepEqual(finiteDifferenceFailures(ref, values, run, names), []);
  });
}

const arch = tinyArch('bert', { hiddenSize: d, numHeads: 2, numKvHeads: 2, intermediateSize: 7 });
const query: LinearSite = { module: 'encoder.layer.1.attention.self.query', layer: 1, role: 'query', inFeatures: d, outFeatures: d };
const ffnOut: LinearSite = { module: 'encoder.layer.1.output.dense', layer: 1, role: 'ffn_out', inFeatures: 7, outFeatures: d };
const key0: LinearSite = { module: 'encoder.layer.0.attention.self.key', layer: 0, role: 'key', inFeatures: d, outFeatures: d };

interface LinearCase {
  name: string;
  kind: 'lora' | 'dora' | 'ia3' | 'adapter';
  hparams: ResolvedHparams;
  site: LinearSite;
  /** y for x [N, din], W [dout, din], b [dout] and the method's parameters by short name. */
  /** `p0` reads the unperturbed values (for quantities held fixed under differentiation). */
  reference(x: ArrayLike<number>, W: ArrayLike<number>, b: ArrayLike<number>, p: (name: string) => ArrayLike<number>, W0: Float32Array, p0: (name: string) => ArrayLike<number>): Float64Array;
}

/** x Wᵀ + b, [N, dout]. */
function affine(x: ArrayLike<number>, W: ArrayLike<number>, b: ArrayLike<number>, din: number, dout: number): Float64Array {
  return matmulT(x, W, N, din, dout).map((v, i) => v + b[i % dout]!);
}

const LINEAR_CASES: LinearCase[] = [
  {
    name: 'lora (α/r)', kind: 'lora', site: query,
    hparams: { rank: r, alpha: 4, dropout: 0, targets: ['query', 'value'], rslora: false, layers: [0, 1] },
    reference: (x, W, b, p) => {
      const upd = matmulT(matmulT(x, p('A'), N, d, r), p('B'), N, r, d);
      return affine(x, W, b, d, d).map((v, i) => v + (4 / r) * upd[i]!);
    },
  },
  {
    name: 'lora (rsLoRA α/√r)', kind: 'lora', site: query,
    hparams: { rank: r, alpha: 4, dropout: 0, targets: ['query'], rslora: true, layers: [1] },
    reference: (x, W, b, p) => {
      const upd = matmulT(matmulT(x, p('A'), N, d, r), p('B'), N, r, d);
      return affine(x, W, b, d, d).map((v, i) => v + (4 / Math.sqrt(r)) * upd[i]!);
    },
  },
  {
    name: 'dora', kind: 'dora', site: query,
    hparams: { rank: r, alpha: 4, dropout: 0, targets: ['query'], rslora: false, layers: [1] },
    reference: (x, W, b, p, W0, p0) => {
      const s = 4 / r;
      const BA = matmul(p0('B'), p0('A'), d, r, d);
      // The norm is detached in peft: computed from the fed values but held fixed under differentiation.
      const merged = Float64Array.from(W0, (w, i) => w + s * BA[i]!);
      const norm = Array.from({ length: d }, (_, o) => Math.hypot(...merged.subarray(o * d, (o + 1) * d)));
      const mergedLive = Float64Array.from({ length: d * d }, (_, i) => W[i]! + s * matmul(p('B'), p('A'), d, r, d)[i]!);
      return matmulT(x, mergedLive, N, d, d).map((v, i) => (p('magnitude')[i % d]! / norm[i % d]!) * v + b[i % d]!);
    },
  },
  {
    name: 'ia3 on a key projection (scales the output)', kind: 'ia3', site: key0,
    hparams: { targets: ['key', 'value', 'down'], layers: [0, 1] },
    reference: (x, W, b, p) => affine(x, W, b, d, d).map((v, i) => v * p('')[i % d]!),
  },
  {
    name: 'ia3 on the FFN output projection (scales its input)', kind: 'ia3', site: ffnOut,
    hparams: { targets: ['key', 'value', 'down'], layers: [1] },
    reference: (x, W, b, p) => affine(Float64Array.from({ length: N * 7 }, (_, i) => x[i]! * p('')[i % 7]!), W, b, 7, d),
  },
  {
    name: 'adapter (pfeiffer, after the FFN output projection)', kind: 'adapter', site: ffnOut,
    hparams: { adapterSize: 3, adapterStyle: 'pfeiffer', layers: [1] },
    reference: (x, W, b, p) => {
      const y = affine(x, W, b, 7, d);
      const inner = affine(y, p('down'), p('down_bias'), d, 3).map((v) => Math.max(v, 0));
      const out = affine(inner, p('up'), p('up_bias'), 3, d);
      return y.map((v, i) => v + out[i]!);
    },
  },
];

for (const c of LINEAR_CASES) {
  test(`${c.name}: the linear rewrite equals its closed form and gradients match finite differences`, async () => {
    const { site } = c;
    const rng = new Rng(c.name.length);
    const W0 = randn(rng, [site.outFeatures, site.inFeatures], 0.5);
    const ctx = new HarnessContext(B, S, new Map([[`${site.module}.weight`, W0]]));
    const method = ortEngine(c.kind, c.hparams, arch);
    const x = ctx.input('x', [B, S, site.inFeatures]);
    const weight = ctx.input('W', [site.outFeatures, site.inFeatures]);
    const bias = ctx.input('bias', [site.outFeatures]);
    const y = method.hooks.linear!(ctx, site, x, weight, bias, (t: Tensor) => nn.linear(ctx.g, t, weight, bias));
    assert.ok(ctx.params.length > 0, 'the site is adapted');
    const values = new Map<string, HostData>([['x', randn(rng, [N, site.inFeatures])], ['W', W0], ['bias', randn(rng, [site.outFeatures])]]);
    // Random parameter values (not the initial ones, where B = 0 or scales = 1 would hide terms).
    for (const p of ctx.params) values.set(`p:${p.name}`, randn(rng, p.shape, 0.7).map((v) => (p.name.endsWith('magnitude') ? 1 + Math.abs(v) : v)));
    const prefix = `p:method.${c.kind}.${site.module}`;
    const param = (v: ReadonlyMap<string, ArrayLike<number>>) => (name: string): ArrayLike<number> => v.get(name === '' ? prefix : `${prefix}.${name}`)!;
    const ref = (v: ReadonlyMap<string, ArrayLike<number>>): Float64Array => c.reference(v.get('x')!, v.get('W')!, v.get('bias')!, param(v), W0, param(values as Map<string, Float32Array>));
    const run = await runHook(ctx, y, values);
    assert.ok(maxAbsDiff(run.y, ref(values as Map<string, Float32Array>)) < TOL, `forward differs by ${maxAbsDiff(run.y, ref(values as Map<string, Float32Array>))}`);
    // W is a frozen base weight in the engine (DoRA's reference would need its norm to follow it).
    assert.deepEqual(finiteDifferenceFailures(ref, values, run, ['x', 'bias', ...ctx.params.map((p) => `p:${p.name}`)]), []);
  });
}

test('LoRA and DoRA start as the base model (B = 0, magnitude = row norms of W); IA3 scales start at 1; adapters start as identity', () => {
  const rng = new Rng(4);
  const W0 = randn(rng, [d, d]);
  for (const kind of ['lora', 'dora', 'ia3', 'adapter', 'red'] as const) {
    const ctx = new HarnessContext(B, S, new Map([[`${query.module}.weight`, W0], [`${ffnOut.module}.weight`, randn(rng, [d, 7])]]));
    const hp: Record<typeof kind, ResolvedHparams> = {
      lora: { rank: r, alpha: 8, dropout: 0, targets: ['query'], rslora: false, layers: [1] },
      dora: { rank: r, alpha: 8, dropout: 0, targets: ['query'], rslora: false, layers: [1] },
      ia3: { targets: ['query'], layers: [1] },
      adapter: { adapterSize: 3, adapterStyle: 'pfeiffer', layers: [1] },
      red: { layers: [1] },
    };
    const method = ortEngine(kind, hp[kind], arch);
    const site = kind === 'adapter' ? ffnOut : query;
    const x = ctx.input('x', [B, S, site.inFeatures]);
    if (kind === 'red') method.hooks.blockOutput!(ctx, 1, ctx.input('h', [B, S, d]));
    else method.hooks.linear!(ctx, site, x, ctx.input('W', [site.outFeatures, site.inFeatures]), undefined, () => ctx.input('y', [B, S, site.outFeatures]));
    const init = new Map(ctx.params.map((p) => [p.name.split('.').at(-1)!, p.init]));
    if (kind === 'lora' || kind === 'dora') {
      assert.ok(init.get('B')!.every((v) => v === 0));
      const bound = 1 / Math.sqrt(d);
      assert.ok(init.get('A')!.every((v) => Math.abs(v) <= bound) && init.get('A')!.some((v) => v !== 0));
    }
    if (kind === 'dora') init.get('magnitude')!.forEach((m, o) => assert.ok(Math.abs(m - Math.hypot(...W0.subarray(o * d, (o + 1) * d))) < 1e-5));
    if (kind === 'ia3') assert.ok(ctx.params[0]!.init.every((v) => v === 1));
    if (kind === 'adapter') assert.ok(init.get('up')!.every((v) => v === 0) && init.get('up_bias')!.every((v) => v === 0));
    if (kind === 'red') assert.ok(init.get('scale')!.every((v) => v === 1) && init.get('bias')!.every((v) => v === 0));
  }
});

test('sites outside the targets or layers are left alone', () => {
  const ctx = new HarnessContext(B, S);
  const method = ortEngine('lora', { rank: r, alpha: 8, dropout: 0, targets: ['value'], rslora: false, layers: [1] }, arch);
  const x = ctx.input('x', [B, S, d]);
  const marker = ctx.input('marker', [B, S, d]);
  for (const site of [query, key0, { ...query, module: 'pooler.dense', layer: undefined, role: 'pooler' }]) {
    assert.equal(method.hooks.linear!(ctx, site, x, ctx.input(`W${site.module}`, [d, d]), undefined, () => marker), marker);
  }
  assert.equal(ctx.params.length, 0);
});

test('red: l ⊙ h + b on the block output of the listed layers only', async () => {
  const ctx = new HarnessContext(B, S);
  const method = ortEngine('red', { layers: [1] }, arch);
  const h = ctx.input('h', [B, S, d]);
  assert.equal(method.hooks.blockOutput!(ctx, 0, h), h);
  const y = method.hooks.blockOutput!(ctx, 1, h);
  const rng = new Rng(8);
  const values = new Map<string, HostData>([['h', randn(rng, [N, d])], ['p:method.red.layer1.scale', randn(rng, [d])], ['p:method.red.layer1.bias', randn(rng, [d])]]);
  const ref = (v: ReadonlyMap<string, ArrayLike<number>>): Float64Array =>
    Float64Array.from({ length: N * d }, (_, i) => v.get('h')![i]! * v.get('p:method.red.layer1.scale')![i % d]! + v.get('p:method.red.layer1.bias')![i % d]!);
  const run = await runHook(ctx, y, values);
  assert.ok(maxAbsDiff(run.y, ref(values as Map<string, Float32Array>)) < TOL);
  assert.deepEqual(finiteDifferenceFailures(ref, values, run, ['h', 'p:method.red.layer1.scale', 'p:method.red.layer1.bias']), []);
});

test('prompt: n learned rows are prepended to every sequence, and only they get gradients', async () => {
  const n = 2;
  const ctx = new HarnessContext(B, S);
  const method = ortEngine('prompt', { promptTokens: n }, arch);
  assert.equal(method.virtualTokens, n);
  const words = ctx.input('words', [B, S, d]);
  const y = method.hooks.inputEmbeddings!(ctx, words);
  assert.deepEqual(y.shape, [B, n + S, d]);
  const rng = new Rng(9);
  const values = new Map<string, HostData>([['words', randn(rng, [N, d])], ['p:method.prompt.embeddings', randn(rng, [n, d])]]);
  const ref = (v: ReadonlyMap<string, ArrayLike<number>>): Float64Array => {
    const out = new Float64Array(B * (n + S) * d);
    for (let b = 0; b < B; b++) for (let t = 0; t < n + S; t++) for (let k = 0; k < d; k++) {
      out[(b * (n + S) + t) * d + k] = t < n ? v.get('p:method.prompt.embeddings')![t * d + k]! : v.get('words')![(b * S + t - n) * d + k]!;
    }
    return out;
  };
  const run = await runHook(ctx, y, values);
  assert.ok(maxAbsDiff(run.y, ref(values as Map<string, Float32Array>)) < TOL);
  assert.deepEqual(finiteDifferenceFailures(ref, values, run, ['words', 'p:method.prompt.embeddings']), []);
});
