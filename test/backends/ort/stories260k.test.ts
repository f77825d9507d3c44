/**
 * The real stories260K model (llama2.c, converted to HF LLaMA by the project's own loader) on the
 * engine's eval graph: greedy decoding from BOS reproduces the documented story token for token.
 * The eval graph has a static length; each step feeds the prefix right-padded (the causal mask
 * keeps padding from influencing earlier positions) and reads the logits at the last real token.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHfConfig } from '../../../src/models/hf-config.ts';
import { LLAMA2C_BOS, convertLlama2c } from '../../../src/models/llama2c.ts';
import { Engine } from '../../../src/backends/ort/engine.ts';
import { linearProbe } from '../../../src/backends/ort/methods/linear-probe.ts';

const dataDir = process.env.REFTBENCH_DATA_DIR;
const skip = dataDir ? false : 'REFTBENCH_DATA_DIR is not set';
const DOCUMENTED = 'Once upon a time, there was a little girl named Lily. She loved to play outside in the park.';

function decode(vocab: Record<string, number>, ids: number[]): string {
  const byId = new Map(Object.entries(vocab).map(([piece, id]) => [id, piece]));
  const bytes: number[] = [];
  for (const id of ids) {
    const piece = byId.get(id) ?? '';
    const byte = /^<0x([0-9A-F]{2})>$/.exec(piece);
    if (byte) bytes.push(parseInt(byte[1]!, 16));
    else bytes.push(...new TextEncoder().encode(piece.replaceAll('\u2581', ' ')));
  }
  return new TextDecoder().decode(Uint8Array.from(bytes)).replace(/^ /, '');
}

test('stories260K greedy decoding from BOS on the eval graph reproduces its documented text', { skip }, async () => {
  const dir = join(dataDir!, 'models', 'stories260K');
  const contents = convertLlama2c(join(dir, 'stories260K.bin'), join(dir, 'tok512.bin'));
  const arch = parseHfConfig(contents.config, 'config.json');
  const S = 48;
  const engine = await Engine.create({ arch, weights: contents.tensors, source: dir }, { kind: 'causal-lm' }, linearProbe, { batchSize: 1, seqLen: S });
  const ids = [LLAMA2C_BOS];
  const inputIds = new BigInt64Array(S);
  const attentionMask = new Float32Array(S);
  const labels = new BigInt64Array(S).fill(-100n);
  while (ids.length < 41) {
    ids.forEach((id, i) => { inputIds[i] = BigInt(id); attentionMask[i] = 1; });
    const { logits } = await engine.evaluate({ inputIds, attentionMask, labels });
    const row = logits.subarray((ids.length - 1) * arch.vocabSize, ids.length * arch.vocabSize);
    let best = 0;
    for (let k = 1; k < row.length; k++) if (row[k]! > row[best]!) best = k;
    ids.push(best);
  }
  await engine.release();
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'reference', 'stories260K.json'), 'utf8')) as { greedyFromBos: { ids: number[] } };
  assert.deepEqual(ids, fixture.greedyFromBos.ids, 'token for token as transformers decodes it');
  const vocab = (contents.tokenizer.model as { vocab: Record<string, number> }).vocab;
  const text = decode(vocab, ids.slice(1));
  assert.ok(text.startsWith(DOCUMENTED), `decoded: ${JSON.stringify(text)}`);
});
