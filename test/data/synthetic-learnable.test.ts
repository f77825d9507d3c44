/**
 * The synthetic sentiment task is learnable by a tiny model in a few hundred steps: a generated tiny
 * BERT (hidden 32, 2 layers), fully fine-tuned on the ort engine with the ids from prepareTask,
 * reaches high dev accuracy; before training it is at chance. Ties the data stage to the engine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataLocations } from '../../src/data/locations.ts';
import { prepareTask } from '../../src/data/prepare-task.ts';
import { readTokenizedSplit, type TokenizedSplitData } from '../../src/data/tokenized-split.ts';
import { Engine, type Batch } from '../../src/backends/ort/engine.ts';
import { fullFineTuning } from '../../src/backends/ort/methods/full.ts';
import { accuracy } from '../../src/metrics/accuracy.ts';
import { parseHfConfig } from '../../src/models/hf-config.ts';
import { generateTinyModel } from '../../src/models/tiny.ts';
import type { SuiteTask } from '../../src/types/suite.ts';
import { tempDir } from './temp-dirs.ts';

const B = 16;
const S = 24;

/** Rows `start … start+B-1` (wrapping) as a right-padded batch. */
function batchOf(data: TokenizedSplitData, start: number): { batch: Batch; labels: number[] } {
  const inputIds = new BigInt64Array(B * S);
  const attentionMask = new Float32Array(B * S);
  const labels: number[] = [];
  for (let b = 0; b < B; b++) {
    const i = (start + b) % data.meta.numExamples;
    const from = data.offsets[i]!;
    const length = Math.min(S, data.offsets[i + 1]! - from);
    for (let s = 0; s < length; s++) {
      inputIds[b * S + s] = BigInt(data.ids[from + s]!);
      attentionMask[b * S + s] = 1;
    }
    labels.push(data.labels![i]!);
  }
  return { batch: { inputIds, attentionMask, labels: BigInt64Array.from(labels, BigInt) }, labels };
}

async function devAccuracy(engine: Engine, dev: TokenizedSplitData): Promise<number> {
  const predictions: number[] = [];
  const labels: number[] = [];
  for (let start = 0; start < dev.meta.numExamples; start += B) {
    const { batch, labels: l } = batchOf(dev, start);
    const { logits } = await engine.evaluate(batch);
    const take = Math.min(B, dev.meta.numExamples - start);
    for (let b = 0; b < take; b++) predictions.push(logits[b * 2 + 1]! > logits[b * 2]! ? 1 : 0);
    labels.push(...l.slice(0, take));
  }
  return accuracy(predictions, labels);
}

test('a tiny BERT learns synthetic:sentiment in a few hundred steps', { timeout: 120_000 }, async () => {
  const contents = generateTinyModel('bert', 0, { hiddenSize: 32, numLayers: 2, numHeads: 4, intermediateSize: 64 });
  const dir = tempDir('learn');
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(contents.tokenizer));
  const task: SuiteTask = {
    id: 'sentiment', source: 'synthetic:sentiment@0', type: 'classification', numLabels: 2, maxLength: S,
    metrics: [{ name: 'accuracy', direction: 'max' }],
    split: { train: { of: 'train' }, dev: { of: 'validation' }, test: { of: 'test' } },
    examples: { train: 512, validation: 128, test: 128 },
  };
  const where = resolveDataLocations({ HF_HUB_OFFLINE: '1', REFTBENCH_CACHE_DIR: join(dir, 'cache') }, dir);
  const prepared = await prepareTask(task, { where, baseDir: dir, tokenizerFile: join(dir, 'tokenizer.json') });
  const train = await readTokenizedSplit(prepared.train.dir);
  const dev = await readTokenizedSplit(prepared.dev.dir);
  const steps = 300;
  const engine = await Engine.create(
    { arch: parseHfConfig(contents.config, 'config.json'), weights: contents.tensors, source: 'tiny:bert@0' },
    { kind: 'classification', numLabels: 2 },
    fullFineTuning,
    { batchSize: B, seqLen: S, learningRate: 3e-3, totalSteps: steps, warmupSteps: 20, seed: 1 },
  );
  try {
    const before = await devAccuracy(engine, dev);
    for (let step = 0; step < steps; step++) await engine.trainStep(batchOf(train, step * B).batch);
    const after = await devAccuracy(engine, dev);
    assert.ok(before < 0.7, `untrained accuracy ${before}`);
    assert.ok(after >= 0.9, `accuracy after ${steps} steps: ${after} (before: ${before})`);
  } finally {
    await engine.release();
  }
});
