/**
 * Every method kind the ort engine implements, through the one table on real (tiny) engines: the engine's trainable parameters
 * equal the planner's count (`countParams`, head excluded) for each kind and configuration, and on
 * a synthetic classification task every kind at least halves the training loss with a fixed seed,
 * with bit-identical losses on a rerun.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, type EngineModel } from '../../src/backends/ort/engine.ts';
import type { TaskSpec } from '../../src/backends/ort/models/task.ts';
import { isHeadBaseWeight } from '../../src/backends/ort/methods/head-weights.ts';
import { methods } from '../../src/methods/registry.ts';
import { ortMethodKinds, type OrtMethodKind } from '../../src/backends/ort/method-kinds.ts';
import { ortEngine } from '../../src/backends/ort/method-table.ts';
import type { ConfigValue } from '../../src/methods/resolve-hparams.ts';
import { hparams, parityBatches, tinyModel } from './engine-setup.ts';

const classify: TaskSpec = { kind: 'classification', numLabels: 2 };

/** Configurations per kind for the count check (several where the kind has structural options). */
const COUNT_CONFIGS: Record<OrtMethodKind, Partial<Record<string, ConfigValue>>[]> = {
  loreft: [{ rank: 1, positions: 'f1' }, { rank: 3, layers: '1', positions: 'f2+l2', tied: false }, { rank: 3, positions: 'f2+l2', tied: true }],
  noreft: [{ rank: 2, positions: 'f1+l1' }],
  direft: [{ rank: 2, positions: 'l3' }],
  nodireft: [{ rank: 2, positions: 'f1+l1', tied: true }],
  consreft: [{ rank: 2, positions: 'f1+l1' }],
  lobireft: [{ rank: 2, positions: 'f1+l1' }],
  lora: [{ rank: 4, targets: 'query,value' }, { rank: 2, targets: 'all-linear', layers: 'top1' }],
  dora: [{ rank: 4, targets: 'query,value' }, { rank: 2, targets: 'ffn' }],
  bitfit: [{}],
  full: [{}],
  prompt: [{ promptTokens: 3 }],
  ia3: [{}, { targets: 'query,up', layers: '0' }],
  adapter: [{ adapterSize: 8 }, { adapterSize: 4, adapterStyle: 'houlsby', layers: '1' }],
  red: [{}, { layers: 'top1' }],
};

async function methodParams(model: EngineModel, kind: OrtMethodKind, config: Partial<Record<string, ConfigValue>>, task: TaskSpec): Promise<{ engine: number; planned: number }> {
  const h = hparams(kind, model.arch, config);
  const engine = await Engine.create(model, task, ortEngine(kind, h, model.arch), { batchSize: 2, seqLen: 8, trainOnly: true });
  const count = engine.parameters().filter((p) => !p.head && !isHeadBaseWeight(p.name)).reduce((s, p) => s + p.count, 0);
  await engine.release();
  return { engine: count, planned: methods[kind].countParams(h, model.arch).trainable };
}

test('engine parameter counts equal the planner\'s for every kind (task head and pooler excluded)', async () => {
  const bert = tinyModel('bert');
  for (const kind of ortMethodKinds) {
    for (const config of COUNT_CONFIGS[kind]) {
      const { engine, planned } = await methodParams(bert, kind, config, classify);
      assert.equal(engine, planned, `bert ${kind} ${JSON.stringify(config)}`);
    }
  }
  const llama = tinyModel('llama');
  for (const kind of ortMethodKinds.filter((k) => k !== 'bitfit')) {
    const config = kind === 'lora' || kind === 'dora' || kind === 'ia3' ? { targets: 'all-linear' } : COUNT_CONFIGS[kind][0]!;
    const { engine, planned } = await methodParams(llama, kind, config, { kind: 'causal-lm' });
    assert.equal(engine, planned, `llama ${kind} ${JSON.stringify(config)}`);
  }
});

/** Per-kind settings of the training check: a configuration and a learning rate. */
const TRAIN: Record<OrtMethodKind, { config: Partial<Record<string, ConfigValue>>; lr: number }> = {
  loreft: { config: { rank: 4, positions: 'f1+l1', dropout: 0.05 }, lr: 1e-2 },
  noreft: { config: { rank: 4, positions: 'f1+l1' }, lr: 1e-2 },
  direft: { config: { rank: 4, positions: 'f1+l1' }, lr: 1e-2 },
  nodireft: { config: { rank: 4, positions: 'f1+l1' }, lr: 1e-2 },
  consreft: { config: { rank: 4, positions: 'f1+l1' }, lr: 1e-2 },
  lobireft: { config: { rank: 4, positions: 'f1+l1' }, lr: 1e-2 },
  lora: { config: { rank: 4, alpha: 8, dropout: 0.05 }, lr: 1e-2 },
  dora: { config: { rank: 4, alpha: 8 }, lr: 1e-2 },
  bitfit: { config: {}, lr: 1e-2 },
  full: { config: {}, lr: 3e-3 },
  prompt: { config: { promptTokens: 4 }, lr: 1e-2 },
  ia3: { config: {}, lr: 1e-2 },
  adapter: { config: { adapterSize: 8 }, lr: 1e-2 },
  red: { config: {}, lr: 1e-2 },
};

const STEPS = 200;
const B = 8;
const S = 8;
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

async function train(model: EngineModel, kind: OrtMethodKind): Promise<{ losses: number[]; moved: number }> {
  const { config, lr } = TRAIN[kind];
  const h = hparams(kind, model.arch, config);
  const engine = await Engine.create(model, classify, ortEngine(kind, h, model.arch), { batchSize: B, seqLen: S, learningRate: lr, totalSteps: STEPS, warmupSteps: 10, seed: 7, trainOnly: true });
  const own = engine.parameters().filter((p) => !p.head && !isHeadBaseWeight(p.name)).map((p) => p.name);
  const start = own.map((n) => engine.parameter(n)!.slice());
  const batches = parityBatches(4, 17, B, S);
  const losses: number[] = [];
  for (let s = 0; s < STEPS; s++) losses.push((await engine.trainStep(batches[s % batches.length]!)).loss);
  const moved = own.reduce((sum, n, i) => sum + engine.parameter(n)!.reduce((t, v, k) => t + Math.abs(v - start[i]![k]!), 0), 0);
  await engine.release();
  return { losses, moved };
}

for (const kind of ortMethodKinds) {
  test(`${kind}: at least halves the training loss in ${STEPS} steps, trains its own parameters, and reruns bit-identically`, async () => {
    const model = tinyModel('bert');
    const first = await train(model, kind);
    const before = mean(first.losses.slice(0, 4));
    const after = mean(first.losses.slice(-8));
    assert.ok(after <= 0.5 * before, `${kind}: ${before.toFixed(4)} → ${after.toFixed(4)}`);
    assert.ok(first.moved > 0, `${kind}: its own parameters never changed`);
    const again = await train(model, kind);
    assert.deepEqual(again.losses, first.losses, `${kind}: rerun differs`);
  });
}

test('every kind but BitFit (LLaMA has no biases) runs causal-LM steps on a tiny LLaMA and reaches its own parameters', async () => {
  const model = tinyModel('llama');
  const inputIds = BigInt64Array.from({ length: 2 * 8 }, (_, i) => BigInt(5 + ((i * 7) % 40)));
  const attentionMask = Float32Array.from({ length: 16 }, (_, i) => (i >= 14 ? 0 : 1));
  const labels = inputIds.map((v, i) => (i >= 14 || i % 8 === 0 ? -100n : v));
  for (const kind of ortMethodKinds.filter((k) => k !== 'bitfit')) {
    const config = kind === 'lora' || kind === 'dora' || kind === 'ia3' ? { targets: 'all-linear' } : TRAIN[kind].config;
    const h = hparams(kind, model.arch, config);
    const engine = await Engine.create(model, { kind: 'causal-lm' }, ortEngine(kind, h, model.arch), { batchSize: 2, seqLen: 8, learningRate: 1e-2, totalSteps: 5, seed: 1, trainOnly: true });
    const { loss, grads } = await engine.lossAndGradients({ inputIds, attentionMask, labels });
    assert.ok(Number.isFinite(loss), `${kind}: loss ${loss}`);
    const own = [...grads].filter(([name]) => name.startsWith('method.') || kind === 'full');
    assert.ok(own.length > 0 && own.some(([, g]) => g.some((v) => v !== 0)), `${kind}: no gradient reaches its parameters`);
    await engine.release();
  }
});
