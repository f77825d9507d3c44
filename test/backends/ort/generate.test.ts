/**
 * Greedy generation on the ort eval graph (src/backends/ort/generate.ts): batched generation gives,
 * row by row, what a one-row arg-max loop over the whole sequence gives; rows stop at the
 * end-of-sequence token, after maxNewTokens, or when the sequence fills the graph; only the prompt
 * (the first promptLength tokens) is continued, and an empty prompt generates nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../../src/backends/ort/engine.ts';
import { greedyGenerate, promptIds } from '../../../src/backends/ort/generate.ts';
import { linearProbe } from '../../../src/backends/ort/methods/linear-probe.ts';
import type { TokenizedSplitData } from '../../../src/data/tokenized-split.ts';
import { parseHfConfig } from '../../../src/models/hf-config.ts';
import { generateTinyModel } from '../../../src/models/tiny.ts';

const S = 10;

function split(rows: number[][], prompts: number[]): TokenizedSplitData {
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
  return {
    meta: {
      format: 'reftbench-tokenized-split', version: 1, key: '0'.repeat(64), task: 'gen', role: 'dev', kind: 'causal_lm', numExamples: rows.length,
      totalTokens: offsets[rows.length]!, longest: Math.max(...rows.map((r) => r.length)), maxLength: S, numLabels: 0, labelNames: [],
      tokenizer: { fingerprint: '0'.repeat(64) }, files: { ids: 'ids.i32', offsets: 'offsets.i32', sourceIndices: 'source_indices.i32', promptLengths: 'prompt_lengths.i32' },
    },
    ids: Int32Array.from(rows.flat()), offsets, sourceIndices: Int32Array.from(rows.map((_, i) => i)), promptLengths: Int32Array.from(prompts),
  };
}

async function tinyEngine(): Promise<{ engine: Engine; vocab: number }> {
  const contents = generateTinyModel('llama', 5, { hiddenSize: 32, numLayers: 2, numHeads: 4, numKvHeads: 2, intermediateSize: 64 });
  const arch = parseHfConfig(contents.config, 'config.json');
  const engine = await Engine.create({ arch, weights: contents.tensors, source: 'tiny:llama@5' }, { kind: 'causal-lm' }, linearProbe, { batchSize: 2, evalBatchSize: 2, seqLen: S });
  return { engine, vocab: arch.vocabSize };
}

/** One row at a time, the whole sequence each step: the reference loop. */
async function reference(engine: Engine, vocab: number, prompt: number[], maxNew: number): Promise<number[]> {
  const ids = [...prompt];
  while (ids.length < S && ids.length - prompt.length < maxNew) {
    const inputIds = new BigInt64Array(2 * S);
    const attentionMask = new Float32Array(2 * S);
    ids.forEach((id, t) => { inputIds[t] = BigInt(id); attentionMask[t] = 1; });
    const { logits } = await engine.evaluate({ inputIds, attentionMask, interventionMask: attentionMask, labels: new BigInt64Array(2 * S).fill(-100n) });
    const row = logits.subarray((ids.length - 1) * vocab, ids.length * vocab);
    let best = 0;
    for (let v = 1; v < vocab; v++) if (row[v]! > row[best]!) best = v;
    ids.push(best);
  }
  return ids.slice(prompt.length);
}

test('batched greedy generation equals a one-row loop, continues the prompt only, and stops as told', async () => {
  const { engine, vocab } = await tinyEngine();
  try {
    const rows = [[11, 12, 13, 40, 41], [20, 21, 22, 23, 24, 25, 26, 27, 28], [30, 31, 32]];
    const data = split(rows, [3, 9, 3]);
    assert.deepEqual(promptIds(data, 0, S), [11, 12, 13], 'the response after the prompt is not part of the prompt');
    const signal = new AbortController().signal;
    const options = { batchSize: 2, seqLen: S, vocabSize: vocab, padTokenId: 0, maxNewTokens: 4, eosTokenIds: [], signal };
    const out = await greedyGenerate(engine, data, options);
    assert.equal(out.length, 3);
    assert.deepEqual(out[0], await reference(engine, vocab, [11, 12, 13], 4));
    assert.deepEqual(out[2], await reference(engine, vocab, [30, 31, 32], 4));
    assert.equal(out[0]!.length, 4, 'maxNewTokens');
    assert.equal(out[1]!.length, 1, 'a 9-token prompt fills the 10-token graph after one token');
    const eos = out[0]![1]!;
    const stopped = await greedyGenerate(engine, data, { ...options, eosTokenIds: [eos] });
    assert.deepEqual(stopped[0], out[0]!.slice(0, out[0]!.indexOf(eos) + 1), 'stops at (and keeps) the end-of-sequence token');
    const empty = await greedyGenerate(engine, split([[7, 8]], [0]), options);
    assert.deepEqual(empty, [[]], 'an empty prompt generates nothing');
  } finally {
    await engine.release();
  }
});

test('an aborted generation stops with the abort reason', async () => {
  const { engine, vocab } = await tinyEngine();
  try {
    const controller = new AbortController();
    controller.abort(new Error('stop now'));
    const options = { batchSize: 2, seqLen: S, vocabSize: vocab, padTokenId: 0, maxNewTokens: 4, eosTokenIds: [], signal: controller.signal };
    await assert.rejects(greedyGenerate(engine, split([[1, 2, 3]], [3]), options), /stop now/);
  } finally {
    await engine.release();
  }
});
