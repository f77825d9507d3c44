/**
 * The engine end to end on tiny generated models: full fine-tuning and the frozen-base linear
 * probe lower the loss on a small synthetic task, the same seed gives bit-identical losses on a
 * rerun (also with dropout), shared and initializer frozen weights agree, whole-model gradients
 * match finite differences, and bad settings or batches are refused with a UserError.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../../src/errors.ts';
import { parseHfConfig } from '../../../src/models/hf-config.ts';
import { generateTinyModel, type TinyKind } from '../../../src/models/tiny.ts';
import { Engine, type Batch, type EngineConfig, type EngineModel } from '../../../src/backends/ort/engine.ts';
import { fullFineTuning } from '../../../src/backends/ort/methods/full.ts';
import { linearProbe } from '../../../src/backends/ort/methods/linear-probe.ts';
import type { EngineMethod } from '../../../src/backends/ort/methods/method.ts';
import type { TaskSpec } from '../../../src/backends/ort/models/task.ts';
import { Rng } from '../../../src/backends/ort/train/prng.ts';

const B = 8;
const S = 8;

function tiny(kind: TinyKind): EngineModel {
  const contents = generateTinyModel(kind, 3);
  return { arch: parseHfConfig(contents.config, 'config.json'), weights: contents.tensors, source: `tiny:${kind}@3` };
}

/** Synthetic classification: the label is the parity of the second token (the first after CLS). */
function classificationBatches(count: number, seed: number): Batch[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const inputIds = BigInt64Array.from({ length: B * S }, (_, i) => (i % S === 0 ? 2n : BigInt(10 + rng.int(100))));
    const attentionMask = new Float32Array(B * S).fill(1);
    for (let b = 0; b < B; b++) for (let s = S - rng.int(3); s < S; s++) attentionMask[b * S + s] = 0;
    const labels = BigInt64Array.from({ length: B }, (_, b) => inputIds[b * S + 1]! % 2n);
    return { inputIds, attentionMask, labels };
  });
}

async function trainLosses(model: EngineModel, task: TaskSpec, method: EngineMethod, batches: Batch[], steps: number, extra: Partial<EngineConfig> = {}): Promise<number[]> {
  const engine = await Engine.create(model, task, method, { batchSize: B, seqLen: S, learningRate: 3e-3, totalSteps: steps, warmupSteps: 2, seed: 11, ...extra });
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) losses.push((await engine.trainStep(batches[s % batches.length]!)).loss);
  await engine.release();
  return losses;
}

const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const classify: TaskSpec = { kind: 'classification', numLabels: 2 };

test('full fine-tuning and the linear probe both lower the loss; reruns are bit-identical', async () => {
  const model = tiny('bert');
  const batches = classificationBatches(4, 7);
  for (const method of [fullFineTuning, linearProbe]) {
    // A probe trains a few hundred parameters on fixed features: it takes a larger step size.
    const lr = { learningRate: method === linearProbe ? 5e-2 : 3e-3 };
    const losses = await trainLosses(model, classify, method, batches, 60, lr);
    assert.ok(mean(losses.slice(-4)) < 0.8 * mean(losses.slice(0, 4)), `${method.kind}: ${losses[0]} → ${losses.at(-1)}`);
    const again = await trainLosses(model, classify, method, batches, 60, lr);
    assert.deepEqual(again, losses, `${method.kind} rerun differs`);
  }
});

test('full fine-tuning lowers the loss more than the frozen-base probe, which trains only the head', async () => {
  const model = tiny('roberta');
  const batches = classificationBatches(4, 8);
  const full = await trainLosses(model, classify, fullFineTuning, batches, 40);
  const probe = await trainLosses(model, classify, linearProbe, batches, 40);
  assert.ok(mean(full.slice(-4)) < mean(probe.slice(-4)));
  const engine = await Engine.create(model, classify, linearProbe, { batchSize: B, seqLen: S });
  assert.ok(engine.parameters().every((p) => p.head), 'the probe trains only head parameters');
  await engine.release();
});

test('causal-LM full fine-tuning on a decoder lowers the loss; dropout runs reproduce with the same seed', async () => {
  const model = tiny('llama');
  const rng = new Rng(3);
  const inputIds = BigInt64Array.from({ length: B * S }, () => BigInt(5 + rng.int(40)));
  const labels = inputIds.slice();
  for (let b = 0; b < B; b++) labels[b * S] = -100n;
  const batch: Batch = { inputIds, attentionMask: new Float32Array(B * S).fill(1), labels };
  const losses = await trainLosses(model, { kind: 'causal-lm' }, fullFineTuning, [batch], 30, { hiddenDropout: 0.1 });
  assert.ok(losses.at(-1)! < 0.7 * losses[0]!, `${losses[0]} → ${losses.at(-1)}`);
  assert.deepEqual(await trainLosses(model, { kind: 'causal-lm' }, fullFineTuning, [batch], 30, { hiddenDropout: 0.1 }), losses);
  const otherSeed = await trainLosses(model, { kind: 'causal-lm' }, fullFineTuning, [batch], 30, { hiddenDropout: 0.1, seed: 12 });
  assert.notDeepEqual(otherSeed, losses);
});

test('regression head trains with mean squared error', async () => {
  const model = tiny('bert');
  const batches = classificationBatches(2, 9).map((b) => ({ ...b, labels: Float32Array.from(Array.from(b.labels as BigInt64Array, (l) => Number(l) * 2 - 1)) }));
  const losses = await trainLosses(model, { kind: 'regression' }, fullFineTuning, batches, 40);
  assert.ok(mean(losses.slice(-4)) < 0.5 * mean(losses.slice(0, 4)), `${losses[0]} → ${losses.at(-1)}`);
});

test('frozen weights as initializers give the same losses as shared frozen inputs', async () => {
  const model = tiny('bert');
  const batches = classificationBatches(2, 4);
  const shared = await trainLosses(model, classify, linearProbe, batches, 5, { frozenWeights: 'shared' });
  const embedded = await trainLosses(model, classify, linearProbe, batches, 5, { frozenWeights: 'initializer' });
  shared.forEach((l, i) => assert.ok(Math.abs(l - embedded[i]!) < 1e-5));
});

test('whole tiny-model gradients match central finite differences (float32: 2e-3 + 5e-2·|g|)', async () => {
  for (const kind of ['bert', 'llama'] as const) {
    const model = tiny(kind);
    const task: TaskSpec = kind === 'llama' ? { kind: 'causal-lm' } : classify;
    const engine = await Engine.create(model, task, fullFineTuning, { batchSize: 2, seqLen: 6, maxGradNorm: undefined });
    const rng = new Rng(21);
    const inputIds = BigInt64Array.from({ length: 12 }, () => BigInt(5 + rng.int(40)));
    const batch: Batch = { inputIds, attentionMask: Float32Array.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0), labels: kind === 'llama' ? inputIds.slice() : BigInt64Array.of(0n, 1n) };
    const { grads } = await engine.lossAndGradients(batch);
    const names = kind === 'llama'
      ? ['embed_tokens.weight', 'layers.0.self_attn.q_proj.weight', 'layers.0.input_layernorm.weight', 'layers.1.mlp.down_proj.weight', 'lm_head.weight']
      : ['embeddings.word_embeddings.weight', 'encoder.layer.0.attention.self.key.weight', 'encoder.layer.1.output.LayerNorm.bias', 'pooler.dense.weight', 'classifier.weight'];
    const eps = 1e-2;
    for (const name of names) {
      const value = engine.parameter(name)!;
      const g = grads.get(name)!.slice();
      // Check the largest-gradient entries (where a wrong rule shows) and one fixed entry.
      const order = [...g.keys()].sort((a, b) => Math.abs(g[b]!) - Math.abs(g[a]!)).slice(0, 3);
      for (const k of order) {
        const orig = value[k]!;
        value[k] = orig + eps;
        const lp = (await engine.lossAndGradients(batch)).loss;
        value[k] = orig - eps;
        const lm = (await engine.lossAndGradients(batch)).loss;
        value[k] = orig;
        const numeric = (lp - lm) / (2 * eps);
        assert.ok(Math.abs(g[k]! - numeric) <= 2e-3 + 5e-2 * Math.abs(numeric), `${kind} ${name}[${k}]: analytic ${g[k]}, numeric ${numeric}`);
      }
    }
    await engine.release();
  }
});

test('bad settings and batches are refused with a UserError that says what to do', async () => {
  const bert = tiny('bert');
  const llama = tiny('llama');
  await assert.rejects(Engine.create(bert, { kind: 'causal-lm' }, fullFineTuning), (e: unknown) => e instanceof UserError && /needs a decoder/.test(e.message));
  await assert.rejects(Engine.create(llama, classify, fullFineTuning), (e: unknown) => e instanceof UserError && /needs an encoder/.test(e.message));
  await assert.rejects(Engine.create(bert, classify, fullFineTuning, { seqLen: 1000 }), (e: unknown) => e instanceof UserError && /max_position_embeddings/.test(e.message));
  await assert.rejects(Engine.create(bert, classify, fullFineTuning, { learningRate: -1 }), (e: unknown) => e instanceof UserError && /learningRate/.test(e.message));
  const broken = new Map(bert.weights);
  broken.delete('encoder.layer.1.attention.self.query.weight');
  await assert.rejects(Engine.create({ ...bert, weights: broken }, classify, fullFineTuning), (e: unknown) => e instanceof UserError && /query\.weight" is missing/.test(e.message));
  const engine = await Engine.create(bert, classify, fullFineTuning, { batchSize: B, seqLen: S });
  const good = classificationBatches(1, 1)[0]!;
  await assert.rejects(engine.trainStep({ ...good, inputIds: good.inputIds.slice(1) }), (e: unknown) => e instanceof UserError && /inputIds has 63 values, expected 64/.test(e.message));
  await assert.rejects(engine.trainStep({ ...good, labels: BigInt64Array.from({ length: B }, () => 5n) }), (e: unknown) => e instanceof UserError && /label 5/.test(e.message));
  await engine.release();
});
