/**
 * ReFT on the engine: positions per example from the padding mask (pyreft's short-sequence rule,
 * left and right padding), tied and untied interventions, R as torch's Householder
 * parametrization (graph = host reference, finite-difference gradients, orthonormal rows over 200
 * optimizer steps, X's diagonal never decayed), and a backward graph that never enters a block at
 * or below the lowest intervened layer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as op from '../../src/backends/ort/graph/ops.ts';
import type { Tensor } from '../../src/backends/ort/graph/types.ts';
import type { HostData } from '../../src/backends/ort/exec/session.ts';
import { Engine } from '../../src/backends/ort/engine.ts';
import { householderColumns, householderRotationHost } from '../../src/backends/ort/methods/householder.ts';
import { orthonormalityError, orthonormalizeRows, randomOrthogonal, randomOrthonormalRows } from '../../src/backends/ort/methods/orthonormal.ts';
import { ADAMW_DEFAULTS } from '../../src/backends/ort/train/adamw.ts';
import { positionMasks } from '../../src/backends/ort/methods/reft-positions.ts';
import { Rng } from '../../src/backends/ort/train/prng.ts';
import { parsePositions } from '../../src/methods/positions.ts';
import { ortEngine } from '../../src/backends/ort/method-table.ts';
import { finiteDifferenceFailures, HarnessContext, maxAbsDiff, runHook } from './engine-harness.ts';
import { backwardNodes, hparams, parityBatches, tinyModel } from './engine-setup.ts';

/** The positions pyreft intervenes on for one mask row: the first f and last l real tokens, each at most ⌊L/2⌋. */
function expectedPositions(row: number[], first: number, last: number): { first: Set<number>; last: Set<number> } {
  const real = row.flatMap((m, i) => (m === 1 ? [i] : []));
  const half = Math.floor(real.length / 2);
  const fn = Math.min(half, first);
  const ln = Math.min(half, last);
  return { first: new Set(real.slice(0, fn)), last: new Set(real.slice(real.length - ln)) };
}

test('positions come from each example\'s padding mask, with pyreft\'s rule for short sequences (left and right padding)', async () => {
  const S = 8;
  // Every length 0…8, right-padded, then the same lengths left-padded.
  const rows: number[][] = [];
  for (let len = 0; len <= S; len++) rows.push(Array.from({ length: S }, (_, i) => (i < len ? 1 : 0)));
  for (let len = 0; len <= S; len++) rows.push(Array.from({ length: S }, (_, i) => (i >= S - len ? 1 : 0)));
  const B = rows.length;
  for (const text of ['f1', 'l1', 'f3', 'l2', 'f2+l2', 'f3+l1', 'f5+l5']) {
    const spec = parsePositions(text)!;
    const ctx = new HarnessContext(B, S);
    const masks = positionMasks(ctx, spec);
    assert.equal(positionMasks(ctx, spec), masks, 'built once per graph');
    const run = await runHook(ctx, op.concat(ctx.g, [masks.first, masks.last], 2), new Map([['b:intervention_mask', Float32Array.from(rows.flat())]]));
    rows.forEach((row, b) => {
      const want = expectedPositions(row, spec.first, spec.last);
      for (let s = 0; s < S; s++) {
        const got = [run.y[(b * S + s) * 2]!, run.y[(b * S + s) * 2 + 1]!];
        assert.deepEqual(got, [want.first.has(s) ? 1 : 0, want.last.has(s) ? 1 : 0], `${text}, mask ${row.join('')}, position ${s}`);
      }
    });
  }
});

test('Gram–Schmidt gives orthonormal rows to float32 rounding and keeps an orthonormal R unchanged', () => {
  const rng = new Rng(2);
  const R = rng.normalArray(8 * 64);
  orthonormalizeRows(R, 8, 64);
  assert.ok(orthonormalityError(R, 8, 64) < 1e-6);
  const Q = randomOrthonormalRows(rng, 4, 16);
  const before = Q.slice();
  orthonormalizeRows(Q, 4, 16);
  Q.forEach((v, i) => assert.ok(Math.abs(v - before[i]!) < 1e-6));
  assert.throws(() => orthonormalizeRows(new Float32Array(2 * 4), 2, 4), /linearly dependent/);
  assert.throws(() => orthonormalizeRows(new Float32Array(3 * 2), 3, 2), /cannot be orthonormal/);
});

test('the random orthogonal base is orthogonal, and its first rows are the random orthonormal rows of the same draws', () => {
  const base = randomOrthogonal(new Rng(8), 48);
  assert.ok(orthonormalityError(base, 48, 48) < 1e-5);
  assert.ok(maxAbsDiff(base.subarray(0, 3 * 48), randomOrthonormalRows(new Rng(8), 3, 48)) < 1e-6);
  assert.notDeepEqual(randomOrthogonal(new Rng(9), 48), base);
});

/** Q of torch's Householder map in float64, as the host reference computes it (B = I). */
function householderReference(x: ArrayLike<number>, d: number, r: number): Float64Array {
  const eye = new Float64Array(d * d);
  for (let i = 0; i < d; i++) eye[i * d + i] = 1;
  const rows = householderRotationHost(x, eye, d, r); // Qᵀ [r, d]
  return Float64Array.from({ length: d * r }, (_, k) => rows[(k % r) * d + Math.floor(k / r)]!);
}

test('the Householder map: graph equals the float64 reference, has orthonormal columns, and its gradients pass finite differences', async () => {
  const d = 7;
  const r = 3;
  const rng = new Rng(21);
  const x = rng.normalArray(d * r, 0.6);
  // The diagonal carries the signs, int() of the stored value: −1, 1, −1 (kept off ±1 so that
  // finite differences do not step across the truncation).
  x[0] = -1.5;
  x[r + 1] = 1.4;
  x[2 * r + 2] = -1.3;
  const ctx = new HarnessContext(1, 1);
  const q = householderColumns(ctx.g, ctx.input('x', [d, r]));
  const values = new Map<string, HostData>([['x', x]]);
  const run = await runHook(ctx, q, values);
  const want = householderReference(x, d, r);
  assert.ok(maxAbsDiff(run.y, want) < 1e-6, `graph vs reference ${maxAbsDiff(run.y, want)}`);
  const qt = Float32Array.from({ length: r * d }, (_, k) => run.y[(k % d) * r + Math.floor(k / d)]!);
  assert.ok(orthonormalityError(qt, r, d) < 1e-6);
  // X = −I[:, :r] gives I[:, :r], as torch's right_inverse arranges.
  const minusEye = Float64Array.from({ length: d * r }, (_, k) => (Math.floor(k / r) === k % r ? -1 : 0));
  assert.ok(maxAbsDiff(householderReference(minusEye, d, r), minusEye.map((v) => -v)) < 1e-15);
  // Gradients reach the strictly lower triangle only (the diagonal is cast, the upper part unused).
  const failures = finiteDifferenceFailures((v) => householderReference(v.get('x')!, d, r), values, run, ['x']);
  assert.deepEqual(failures, []);
  const gx = run.grads.get('x')!;
  for (let i = 0; i < d; i++) for (let j = 0; j < r; j++) if (i <= j) assert.equal(Math.abs(gx[i * r + j]!), 0, `X[${i}, ${j}] gets no gradient`);
});

test('the Householder map refuses more columns than rows and mismatched host inputs', () => {
  const ctx = new HarnessContext(1, 1);
  assert.throws(() => householderColumns(ctx.g, ctx.input('x', [2, 3])), /cannot be orthonormal/);
  assert.throws(() => householderRotationHost(new Float32Array(6), new Float32Array(4), 3, 2), /expected X 3×2 and B 3×3/);
});

test('LoReFT keeps ‖RRᵀ − I‖ < 1e-5 at every one of 200 steps (Householder parametrization; X\'s diagonal never decayed)', async () => {
  const model = tinyModel('bert');
  const d = model.arch.hiddenSize;
  const r = 4;
  const B = 4;
  const S = 8;
  const h = hparams('loreft', model.arch, { rank: r, layers: 'all', positions: 'f1+l1', tied: false });
  const engine = await Engine.create(model, { kind: 'classification', numLabels: 2 }, ortEngine('loreft', h, model.arch), {
    batchSize: B, seqLen: S, learningRate: 2e-2, totalSteps: 200, trainOnly: true, seed: 4, adamw: { ...ADAMW_DEFAULTS, weightDecay: 0.1 },
  });
  const originals = engine.parameters().filter((p) => p.name.endsWith('.rotate.original')).map((p) => p.name);
  assert.equal(originals.length, 2 * model.arch.numLayers, 'untied f+l: two interventions per layer');
  assert.deepEqual(engine.buffers().map((b) => b.name).sort(), originals.map((n) => n.replace(/original$/, 'base')).sort());
  const rotation = (name: string): Float32Array => Float32Array.from(householderRotationHost(engine.parameter(name)!, engine.buffer(name.replace(/original$/, 'base'))!, d, r));
  const start = rotation(originals[0]!);
  // R starts as the first r columns of the base, transposed.
  const base = engine.buffer(originals[0]!.replace(/original$/, 'base'))!;
  assert.ok(maxAbsDiff(start, Float32Array.from({ length: r * d }, (_, k) => base[(k % d) * d + Math.floor(k / d)]!)) < 1e-6);
  const batches = parityBatches(4, 5, B, S);
  let worst = 0;
  for (let step = 0; step < 200; step++) {
    await engine.trainStep(batches[step % batches.length]!);
    for (const name of originals) worst = Math.max(worst, orthonormalityError(rotation(name), r, d));
  }
  const x = engine.parameter(originals[0]!)!.slice();
  const moved = rotation(originals[0]!).reduce((s, v, i) => s + Math.abs(v - start[i]!), 0);
  await engine.release();
  assert.ok(worst < 1e-5, `worst ‖RRᵀ − I‖_F = ${worst}`);
  assert.ok(moved > 1e-2, 'R was trained');
  for (let i = 0; i < d; i++) for (let j = 0; j < r; j++) if (i <= j) assert.equal(x[i * r + j], i === j ? -1 : 0, `X[${i}, ${j}] kept its initial value under weight decay`);
});

test('tied interventions share one set of parameters per layer; untied f+l get one for first and one for last positions', async () => {
  const model = tinyModel('bert');
  const names = async (config: Record<string, string | boolean>): Promise<string[]> => {
    const method = ortEngine('loreft', hparams('loreft', model.arch, { rank: 2, layers: '1', ...config }), model.arch);
    const engine = await Engine.create(model, { kind: 'classification', numLabels: 2 }, method, { batchSize: 2, seqLen: 8, trainOnly: true });
    const out = engine.parameters().filter((p) => p.name.startsWith('method.')).map((p) => p.name).sort();
    await engine.release();
    return out;
  };
  const one = ['method.reft.layer1.0.rotate.original', 'method.reft.layer1.0.source.bias', 'method.reft.layer1.0.source.weight'];
  assert.deepEqual(await names({ positions: 'f2+l2', tied: true }), one);
  assert.deepEqual(await names({ positions: 'l2', tied: false }), one);
  assert.deepEqual(await names({ positions: 'f2+l2', tied: false }), [...one, ...one.map((n) => n.replace('.0.', '.1.'))].sort());
});

test('the backward pass of a ReFT run reaches no block at or below the lowest intervened layer', () => {
  const model = tinyModel('bert', { numLayers: 4 });
  const layerOf = (scope: string): number | undefined => {
    const m = /^grad:layer(\d+)\//.exec(scope);
    return m ? Number(m[1]) : undefined;
  };
  for (const kind of ['loreft', 'noreft', 'direft', 'nodireft', 'consreft', 'lobireft'] as const) {
    const nodes = backwardNodes(model, ortEngine(kind, hparams(kind, model.arch, { rank: 2, layers: '2;3', positions: 'f1+l1' }), model.arch), 2, 8);
    assert.ok(nodes.length > 0);
    for (const n of nodes) {
      assert.ok(!n.scope.startsWith('grad:embeddings'), `${kind}: backward reaches the embeddings (${n.scope})`);
      const layer = layerOf(n.scope);
      if (layer === undefined) continue;
      assert.ok(layer >= 2, `${kind}: backward reaches block ${layer} (${n.scope} ${n.op})`);
      if (layer === 2) assert.ok(n.scope.startsWith('grad:layer2/method'), `${kind}: backward enters block 2 itself (${n.scope} ${n.op})`);
    }
    assert.ok(nodes.some((n) => n.scope.startsWith('grad:layer3/attn')), `${kind}: gradients flow through block 3 down to the layer-2 intervention`);
  }
  // Contrast: LoRA on the same top layers differentiates inside block 2's attention.
  const lora = backwardNodes(model, ortEngine('lora', hparams('lora', model.arch, { layers: '2;3' }), model.arch), 2, 8);
  assert.ok(lora.some((n) => n.scope.startsWith('grad:layer2/attn')));
  assert.ok(!lora.some((n) => /^grad:layer[01]\//.test(n.scope)));
});

/** A harness whose dropout multiplies by a fed mask `d:<name>` (as the engine's training graph does). */
class DropoutHarness extends HarnessContext {
  readonly sites: string[] = [];
  override dropout(name: string, x: Tensor, p: number): Tensor {
    if (p <= 0) return x;
    this.sites.push(`d:${name}`);
    return op.mul(this.g, x, this.g.input(`d:${name}`, 'float32', x.shape, 'batch'));
  }
}

test('dropout applies to the intervened output Φ(h) at the intervened positions (none for consreft, as pyreft)', async () => {
  const model = tinyModel('bert');
  const d = model.arch.hiddenSize;
  const B = 2;
  const S = 6;
  const maskRow = [1, 1, 1, 1, 1, 0];
  const attention = Float32Array.from([...maskRow, ...maskRow]);
  const selected = (s: number): boolean => s === 0 || s === 4; // f1+l1 of 5 real tokens
  for (const kind of ['loreft', 'lobireft', 'consreft'] as const) {
    const run = async (dropMask: (i: number) => number): Promise<{ y: Float32Array; sites: number }> => {
      const ctx = new DropoutHarness(B, S);
      const method = ortEngine(kind, hparams(kind, model.arch, { rank: 2, layers: '1', positions: 'f1+l1', tied: true, dropout: 0.5 }), model.arch);
      const y = method.hooks.blockOutput!(ctx, 1, ctx.input('h', [B, S, d]));
      const rng = new Rng(3);
      const values = new Map<string, HostData>([['h', rng.normalArray(B * S * d)], ['b:attention_mask', attention], ['b:intervention_mask', attention]]);
      for (const p of ctx.params) values.set(`p:${p.name}`, p.init);
      for (const site of ctx.sites) values.set(site, Float32Array.from({ length: B * S * d }, (_, i) => dropMask(i)));
      return { y: (await runHook(ctx, y, values)).y, sites: ctx.sites.length };
    };
    const kept = await run(() => 1);
    const dropped = await run((i) => (i % 3 === 0 ? 0 : 2));
    if (kind === 'consreft') {
      assert.equal(dropped.sites, 0);
      continue;
    }
    assert.equal(dropped.sites, 1);
    const h = new Rng(3).normalArray(B * S * d);
    for (let i = 0; i < B * S * d; i++) {
      const s = Math.floor(i / d) % S;
      const want = selected(s) ? (i % 3 === 0 ? 0 : 2) * kept.y[i]! : h[i]!;
      assert.ok(Math.abs(dropped.y[i]! - want) < 1e-5, `${kind} element ${i} (position ${s}): ${dropped.y[i]} vs ${want}`);
      if (!selected(s)) assert.ok(Math.abs(kept.y[i]! - h[i]!) < 1e-6, 'positions outside f1+l1 are untouched');
    }
  }
});
