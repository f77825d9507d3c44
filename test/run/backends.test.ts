/**
 * The backend layer the runner uses: `auto` falls back to ort without a GPU and the torch
 * environment, torch without its environment is one clear message, and the ort adapter pads
 * batches to their own bucketed length (the batch schedule is tested in test/data/batch-schedule.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bucketLength, buildBatch, OrtBackend } from '../../src/backends/ort/backend.ts';
import { engineVersionOf } from '../../src/backends/engine-versions.ts';
import { hasGpu, hasTorchEnv, isBackendChoice, resolveBackendChoice } from '../../src/backends/registry.ts';
import type { TokenizedSplitData } from '../../src/data/tokenized-split.ts';
import type { RunSpec } from '../../src/types/run-spec.ts';
import { tempDir } from './helpers.ts';

test('auto is torch only with both a GPU and the Python environment', () => {
  const expected = hasGpu() && hasTorchEnv() ? 'torch' : 'ort';
  assert.equal(resolveBackendChoice('auto'), expected);
  assert.equal(resolveBackendChoice('ort'), 'ort');
  assert.equal(resolveBackendChoice('torch'), 'torch');
  assert.ok(isBackendChoice('auto') && !isBackendChoice('cuda'));
});

test('the torch environment is recognised by its pinned .venv', () => {
  const root = tempDir('venv');
  assert.equal(hasTorchEnv(root), false);
  mkdirSync(join(root, '.venv', 'bin'), { recursive: true });
  writeFileSync(join(root, '.venv', 'bin', 'python'), '');
  assert.equal(hasTorchEnv(root), false, 'a venv without the pins marker is incomplete');
  writeFileSync(join(root, '.venv', '.reftbench-pins'), 'x');
  assert.equal(hasTorchEnv(root), true);
});

const split: TokenizedSplitData = {
  meta: { numExamples: 3 } as TokenizedSplitData['meta'],
  ids: Int32Array.from([5, 6, 7, 8, 9, 10, 11, 12, 13]),
  offsets: Int32Array.from([0, 3, 5, 9]),
  typeIds: Int32Array.from([0, 0, 0, 0, 1, 0, 0, 1, 1]),
  labels: Int32Array.from([1, 0, 1]),
  sourceIndices: Int32Array.from([0, 1, 2]),
};

test('batches are padded to [batch, seqLen] with masks, type ids and labels; short batches repeat their first row', () => {
  const b = buildBatch(split, [2, 1], 3, 4, 0, false);
  assert.deepEqual([...b.inputIds].map(Number), [10, 11, 12, 13, 8, 9, 0, 0, 10, 11, 12, 13]);
  assert.deepEqual([...b.attentionMask], [1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual([...b.tokenTypeIds!].map(Number), [0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1]);
  assert.deepEqual([...(b.labels as BigInt64Array)].map(Number), [1, 0, 1]);
  const r = buildBatch({ ...split, labels: Float32Array.from([0.5, 1.5, 2.5]) }, [0], 1, 2, 1, true);
  assert.deepEqual([...(r.labels as Float32Array)], [0.5]);
  assert.deepEqual([...r.inputIds].map(Number), [5, 6], 'cut at seqLen');
});

test('batches are padded to their longest example rounded up to 16 tokens, at most maxLength', () => {
  assert.equal(bucketLength(1, 128), 16);
  assert.equal(bucketLength(16, 128), 16);
  assert.equal(bucketLength(17, 128), 32);
  assert.equal(bucketLength(44, 128), 48);
  assert.equal(bucketLength(60, 50), 50, 'capped at maxLength');
  assert.equal(bucketLength(3, 8), 8, 'a maxLength under one bucket is the only shape');
});

test('the ort backend trains every method kind but the torch-only ones and says which tasks it cannot score', () => {
  const backend = new OrtBackend();
  const spec = (kind: RunSpec['method']['kind'], type: RunSpec['task']['type'], metrics: RunSpec['task']['metrics'] = [{ name: 'loss', direction: 'min' }]) =>
    ({ method: { kind }, task: { id: 't', type, metrics, selectionMetric: metrics[0]! } }) as RunSpec;
  assert.equal(backend.unsupported(spec('full', 'classification')), undefined);
  assert.equal(backend.unsupported(spec('bitfit', 'regression')), undefined);
  assert.equal(backend.unsupported(spec('loreft', 'classification')), undefined);
  assert.match(backend.unsupported(spec('lokr', 'classification'))!, /lokr runs only on the torch backend/);
  assert.equal(backend.unsupported(spec('loreft', 'causal_lm')), undefined, 'causal LM is scored by response-token loss and perplexity');
  assert.match(backend.unsupported(spec('full', 'causal_lm', [{ name: 'exact_match', direction: 'max' }]))!, /task "t" is scored by exact_match, but its run spec has no task.generation settings/);
  const generating = { ...spec('full', 'causal_lm', [{ name: 'exact_match', direction: 'max' }]) };
  generating.task = { ...generating.task, generation: { maxNewTokens: 8, extract: 'last_number' } };
  assert.equal(backend.unsupported(generating), undefined, 'with generation settings exact_match is generated and scored');
  assert.match(engineVersionOf('ort', 'classification', 'loreft'), /^ort-3\+onnxruntime-node@/, 'classification: the batch schedule and bucketed padding since ort-3');
  assert.match(engineVersionOf('ort', 'causal_lm', 'lora'), /^ort-5\+onnxruntime-node@/, 'causal LM: prompt positions, generation, answer scoring as LLM-Adapters, then the batch schedule');
  assert.match(engineVersionOf('ort', 'classification', 'full'), /^ort-3\+embedding-grad-2\+onnxruntime-node@/, 'full fine-tuning: the embedding-gradient fix');
  assert.match(engineVersionOf('ort', 'causal_lm', 'full'), /^ort-5\+embedding-grad-2\+onnxruntime-node@/);
  assert.equal(engineVersionOf('torch', 'classification', 'full'), 'torch-3', 'torch classification: the batch schedule and pretrained pooler');
  assert.equal(engineVersionOf('torch', 'causal_lm', 'loreft'), 'torch-4', 'torch causal LM: answer scoring as LLM-Adapters, then the batch schedule');
});
