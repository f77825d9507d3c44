/**
 * The eval graph takes its own batch size (the run spec's evalBatchSize): evaluating 8 rows at once
 * gives the logits of evaluating them 2 at a time with the training batch size, a batch of the wrong
 * size is refused, and a non-positive eval batch size is a setting error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../../src/errors.ts';
import { parseHfConfig } from '../../../src/models/hf-config.ts';
import { generateTinyModel } from '../../../src/models/tiny.ts';
import { Engine, type Batch, type EngineModel } from '../../../src/backends/ort/engine.ts';
import { fullFineTuning } from '../../../src/backends/ort/methods/full.ts';
import type { TaskSpec } from '../../../src/backends/ort/models/task.ts';

const S = 6;
const contents = generateTinyModel('bert', 3);
const model: EngineModel = { arch: parseHfConfig(contents.config, 'config.json'), weights: contents.tensors, source: 'tiny:bert@3' };
const task: TaskSpec = { kind: 'classification', numLabels: 3 };

function rowsBatch(rows: readonly number[]): Batch {
  const inputIds = BigInt64Array.from({ length: rows.length * S }, (_, i) => (i % S === 0 ? 2n : BigInt(10 + ((rows[Math.floor(i / S)]! * 7 + (i % S) * 3) % 50))));
  const attentionMask = Float32Array.from({ length: rows.length * S }, (_, i) => (i % S < S - (rows[Math.floor(i / S)]! % 3) ? 1 : 0));
  return { inputIds, attentionMask, labels: new BigInt64Array(rows.length) };
}

test('evaluating in batches of evalBatchSize gives the same logits as batches of the training size', async () => {
  const wide = await Engine.create(model, task, fullFineTuning, { batchSize: 2, evalBatchSize: 8, seqLen: S, seed: 1 });
  const narrow = await Engine.create(model, task, fullFineTuning, { batchSize: 2, seqLen: S, seed: 1 });
  try {
    const all = [0, 1, 2, 3, 4, 5, 6, 7];
    const once = (await wide.evaluate(rowsBatch(all))).logits;
    assert.equal(once.length, 8 * 3);
    const pieces: number[] = [];
    for (let i = 0; i < 8; i += 2) pieces.push(...(await narrow.evaluate(rowsBatch(all.slice(i, i + 2)))).logits);
    for (let i = 0; i < once.length; i++) assert.ok(Math.abs(once[i]! - pieces[i]!) < 1e-5, `logit ${i}: ${once[i]} vs ${pieces[i]}`);
    await assert.rejects(wide.evaluate(rowsBatch([0, 1])), UserError, 'the eval graph wants 8 rows');
    await wide.trainStep(rowsBatch([0, 1]));
  } finally {
    await wide.release();
    await narrow.release();
  }
});

test('a non-positive eval batch size is refused', async () => {
  await assert.rejects(Engine.create(model, task, fullFineTuning, { batchSize: 2, evalBatchSize: 0, seqLen: S }), (e: unknown) => e instanceof UserError && /evalBatchSize/.test(e.message));
});
