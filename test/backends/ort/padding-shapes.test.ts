/**
 * Batches padded to their own length: the engine runs each batch shape (rows × padded length) on a
 * graph of that shape, sharing one set of parameters, so the same examples give the same logits,
 * loss and gradients whether padded to 16 or to 32 tokens (encoder classification and decoder
 * causal LM), a short last batch trains on a graph of its own rows, and a shape beyond the
 * configured batch or sequence length is refused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../../src/errors.ts';
import { parseHfConfig } from '../../../src/models/hf-config.ts';
import { generateTinyModel } from '../../../src/models/tiny.ts';
import { Engine, type Batch, type EngineModel } from '../../../src/backends/ort/engine.ts';
import { fullFineTuning } from '../../../src/backends/ort/methods/full.ts';
import { IGNORE_LABEL } from '../../../src/backends/ort/models/decoder.ts';

const LENGTHS = [5, 9, 12, 7];

function encoderModel(): EngineModel {
  const c = generateTinyModel('bert', 3);
  return { arch: parseHfConfig(c.config, 'config.json'), weights: c.tensors, source: 'tiny:bert@3' };
}

function decoderModel(): EngineModel {
  const c = generateTinyModel('llama', 5);
  return { arch: parseHfConfig(c.config, 'config.json'), weights: c.tensors, source: 'tiny:llama@5' };
}

/** The examples `LENGTHS.slice(0, rows)` right-padded to `width`; LM labels are the ids (ignored on padding). */
function batch(rows: number, width: number, lm: boolean): Batch {
  const inputIds = new BigInt64Array(rows * width);
  const attentionMask = new Float32Array(rows * width);
  const lmLabels = new BigInt64Array(rows * width).fill(BigInt(IGNORE_LABEL));
  for (let b = 0; b < rows; b++) {
    for (let t = 0; t < LENGTHS[b]!; t++) {
      const id = BigInt(3 + ((b * 13 + t * 7) % 40));
      inputIds[b * width + t] = id;
      attentionMask[b * width + t] = 1;
      lmLabels[b * width + t] = id;
    }
  }
  const labels = lm ? lmLabels : BigInt64Array.from({ length: rows }, (_, b) => BigInt(b % 2));
  return { shape: { rows, seqLen: width }, inputIds, attentionMask, labels };
}

function close(a: number, b: number, what: string): void {
  assert.ok(Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

test('encoder: logits, loss and gradients are the same padded to 16 or 32 tokens; a short batch has its own graph', async () => {
  const engine = await Engine.create(encoderModel(), { kind: 'classification', numLabels: 2 }, fullFineTuning, { batchSize: 4, evalBatchSize: 4, seqLen: 32, seed: 1, threads: { intraOpThreads: 1 } });
  try {
    const narrow = await engine.evaluate(batch(4, 16, false));
    const wide = await engine.evaluate(batch(4, 32, false));
    narrow.logits.forEach((v, i) => close(v, wide.logits[i]!, `logit ${i}`));
    close(narrow.loss, wide.loss, 'eval loss');
    const g16 = await engine.lossAndGradients(batch(4, 16, false));
    const g32 = await engine.lossAndGradients(batch(4, 32, false));
    close(g16.loss, g32.loss, 'training loss');
    for (const [name, grad] of g16.grads) {
      const other = g32.grads.get(name)!;
      // Position embeddings beyond 16 get no gradient in either shape; everything else must agree.
      grad.forEach((v, i) => assert.ok(Math.abs(v - other[i]!) <= 1e-5 + 1e-4 * Math.abs(other[i]!), `${name}[${i}]: ${v} vs ${other[i]}`));
    }
    const short = await engine.trainStep(batch(3, 16, false));
    assert.ok(Number.isFinite(short.loss));
    assert.deepEqual(engine.shapes().sort(), ['eval 4x16', 'eval 4x32', 'train 3x16', 'train 4x16', 'train 4x32'].sort());
    await assert.rejects(engine.trainStep(batch(4, 48, false)), UserError, 'longer than seqLen');
    await assert.rejects(engine.trainStep(batch(5, 16, false)), UserError, 'more rows than batchSize');
  } finally {
    await engine.release();
  }
});

test('decoder: the logits of real positions and the response loss do not depend on the padding', async () => {
  const model = decoderModel();
  const engine = await Engine.create(model, { kind: 'causal-lm' }, fullFineTuning, { batchSize: 4, evalBatchSize: 4, seqLen: 32, seed: 1, threads: { intraOpThreads: 1 } });
  try {
    const V = model.arch.vocabSize;
    const narrow = await engine.evaluate(batch(4, 16, true));
    const wide = await engine.evaluate(batch(4, 32, true));
    close(narrow.loss, wide.loss, 'eval loss');
    LENGTHS.forEach((n, b) => {
      for (let t = 0; t < n; t++) for (let v = 0; v < V; v++) close(narrow.logits[(b * 16 + t) * V + v]!, wide.logits[(b * 32 + t) * V + v]!, `row ${b} position ${t} token ${v}`);
    });
    close((await engine.lossAndGradients(batch(4, 16, true))).loss, (await engine.lossAndGradients(batch(4, 32, true))).loss, 'training loss');
  } finally {
    await engine.release();
  }
});
