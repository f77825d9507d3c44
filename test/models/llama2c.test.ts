import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors.ts';
import {
  LLAMA2C_BOS,
  convertLlama2c,
  llama2cArch,
  parseLlama2cCheckpoint,
  parseLlama2cTokenizer,
  permuteForRotateHalf,
} from '../../src/models/llama2c.ts';
import { parseHfConfig } from '../../src/models/hf-config.ts';
import { argmax, naiveLlamaLogits } from './naive-llama.ts';

const dataDir = process.env.REFTBENCH_DATA_DIR;
const skip = dataDir ? false : 'REFTBENCH_DATA_DIR is not set';
const storiesDir = dataDir ? join(dataDir, 'models', 'stories260K') : '';

/** Joins HF pieces back to text the way the tokenizer.json decoder does. */
function decodePieces(vocab: Record<string, number>, ids: number[]): string {
  const byId = new Map(Object.entries(vocab).map(([piece, id]) => [id, piece]));
  const bytes: number[] = [];
  for (const id of ids) {
    const piece = byId.get(id)!;
    const byte = /^<0x([0-9A-F]{2})>$/.exec(piece);
    if (byte) bytes.push(parseInt(byte[1]!, 16));
    else bytes.push(...new TextEncoder().encode(piece.replaceAll('\u2581', ' ')));
  }
  return new TextDecoder().decode(Uint8Array.from(bytes)).replace(/^ /, '');
}

test('stories260K: header and tensor shapes as SOURCES.md gives them', { skip }, () => {
  const ckpt = parseLlama2cCheckpoint(readFileSync(join(storiesDir, 'stories260K.bin')), 'stories260K.bin');
  assert.deepEqual(ckpt.header, { dim: 64, hiddenDim: 172, nLayers: 5, nHeads: 8, nKvHeads: 4, vocabSize: 512, seqLen: 512, shared: true });
  assert.equal(ckpt.layers.length, 5);
  assert.equal(ckpt.layers[0]!.wk.length, 32 * 64);
  assert.equal(ckpt.layers[4]!.w2.length, 64 * 172);
  assert.equal(ckpt.wcls, ckpt.tokEmb);
});

test('stories260K converted to HF LLaMA greedily decodes its documented story from BOS', { skip }, () => {
  const contents = convertLlama2c(join(storiesDir, 'stories260K.bin'), join(storiesDir, 'tok512.bin'));
  const arch = parseHfConfig(contents.config, 'config.json');
  assert.equal(arch.numKvHeads, 4);
  assert.equal(arch.tieWordEmbeddings, true);
  assert.ok(!contents.tensors.has('lm_head.weight'), 'tied head is not stored twice');
  const ids = [LLAMA2C_BOS];
  for (let step = 0; step < 34; step++) {
    const logits = naiveLlamaLogits(arch, contents.tensors, ids);
    ids.push(argmax(logits[logits.length - 1]!));
  }
  const vocab = (contents.tokenizer.model as { vocab: Record<string, number> }).vocab;
  const text = decodePieces(vocab, ids.slice(1));
  assert.ok(
    text.startsWith('Once upon a time, there was a little girl named Lily. She loved to play outside in the park.'),
    `decoded: ${JSON.stringify(text)}`,
  );
});

test('tok512: pieces use ▁ for spaces, specials become <s> </s>, merges come from scores', { skip }, () => {
  const contents = convertLlama2c(join(storiesDir, 'stories260K.bin'), join(storiesDir, 'tok512.bin'));
  const model = contents.tokenizer.model as { vocab: Record<string, number>; merges: string[]; byte_fallback: boolean };
  assert.equal(model.byte_fallback, true);
  assert.equal(model.vocab['<s>'], 1);
  assert.equal(model.vocab['</s>'], 2);
  assert.equal(model.vocab['<0x41>'], 3 + 0x41);
  assert.equal(Object.keys(model.vocab).length, 512);
  assert.ok(Object.keys(model.vocab).every((piece) => !piece.includes(' ')));
  // Every merge joins two vocabulary pieces into a third, and no byte token takes part.
  for (const merge of model.merges) {
    const [a, b] = merge.split(' ') as [string, string];
    assert.ok(a in model.vocab && b in model.vocab && `${a}${b}` in model.vocab, merge);
    assert.ok(!/^<0x/.test(a) && !/^<0x/.test(b), merge);
  }
  // Every multi-character word piece can be built by some merge, so BPE can reach the whole vocabulary.
  const built = new Set(model.merges.map((m) => m.replace(' ', '')));
  const pieces = Object.entries(model.vocab).filter(([piece, id]) => id > 258 && [...piece].length > 1).map(([piece]) => piece);
  assert.ok(pieces.length > 100);
  assert.deepEqual(pieces.filter((piece) => !built.has(piece)), []);
});

test('permuteForRotateHalf moves row 2i+p of each head to p*hd/2+i', () => {
  // 2 heads of size 4, 1 input column: rows numbered 0..7.
  const w = Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual([...permuteForRotateHalf(w, 2, 4, 1)], [0, 2, 1, 3, 4, 6, 5, 7]);
});

test('llama2cArch uses llama2.c constants', () => {
  const arch = llama2cArch({ dim: 8, hiddenDim: 16, nLayers: 1, nHeads: 2, nKvHeads: 1, vocabSize: 10, seqLen: 4, shared: false });
  assert.equal(arch.normEps, 1e-5);
  assert.equal(arch.ropeTheta, 10000);
  assert.equal(arch.tieWordEmbeddings, false);
});

function header(values: number[]): Uint8Array {
  const bytes = new Uint8Array(28);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setInt32(i * 4, v, true));
  return bytes;
}

test('bad checkpoints: too short, versioned magic, nonsense header, wrong size', () => {
  assert.throws(() => parseLlama2cCheckpoint(new Uint8Array(10), 'x.bin'), (e: unknown) => e instanceof UserError && /x\.bin: only 10 bytes/.test(e.message));
  const magic = header([0x616b3432, 1, 0, 0, 0, 0, 0]);
  assert.throws(() => parseLlama2cCheckpoint(magic, 'v1.bin'), (e: unknown) => e instanceof UserError && /--version 0/.test(e.message));
  assert.throws(() => parseLlama2cCheckpoint(header([8, 16, 0, 2, 1, 10, 4]), 'h.bin'), (e: unknown) => e instanceof UserError && /n_layers is 0/.test(e.message));
  assert.throws(() => parseLlama2cCheckpoint(header([8, 16, 1, 2, 1, 10, 4]), 't.bin'), (e: unknown) => e instanceof UserError && /t\.bin: the header implies/.test(e.message));
});

test('bad tokenizers: truncated inside a token, too few tokens', () => {
  const bytes = new Uint8Array(4 + 8 + 2);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 5, true);
  view.setFloat32(4, 0, true);
  view.setInt32(8, 5, true); // claims 5 bytes, only 2 follow
  assert.throws(() => parseLlama2cTokenizer(bytes, 1, 'tok.bin'), (e: unknown) => e instanceof UserError && /tok\.bin: ends inside token 0/.test(e.message));
  const one = new Uint8Array(4 + 8 + 1);
  new DataView(one.buffer).setInt32(8, 1, true);
  assert.throws(() => parseLlama2cTokenizer(one, 2, 'tok.bin'), (e: unknown) => e instanceof UserError && /holds 1 tokens but the checkpoint's vocabulary has 2/.test(e.message));
});

test('convertLlama2c names a missing input file', () => {
  assert.throws(() => convertLlama2c('/nonexistent/model.bin', '/nonexistent/tok.bin'), (e: unknown) => e instanceof UserError && /\/nonexistent\/model\.bin: no such llama2\.c checkpoint/.test(e.message));
});

/** llama2.c's own encoder: dummy-prefix space, characters (bytes as fallback), then greedy best-score merges. */
function llama2cEncode(pieces: string[], scores: number[], text: string): number[] {
  const lookup = new Map(pieces.map((piece, id) => [piece, id]));
  const ids: number[] = [lookup.get(' ')!];
  for (const char of text) {
    const id = lookup.get(char);
    if (id !== undefined) ids.push(id);
    else for (const byte of new TextEncoder().encode(char)) ids.push(byte + 3);
  }
  for (;;) {
    let best = -1;
    let bestScore = -Infinity;
    let bestId = -1;
    for (let i = 0; i + 1 < ids.length; i++) {
      const merged = lookup.get(pieces[ids[i]!]! + pieces[ids[i + 1]!]!);
      if (merged !== undefined && scores[merged]! > bestScore) [best, bestScore, bestId] = [i, scores[merged]!, merged];
    }
    if (best < 0) return ids;
    ids.splice(best, 2, bestId);
  }
}

test('the converted tokenizer.json (run by HF tokenizers, see the fixture) encodes as llama2.c does', { skip }, () => {
  const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'reference', 'stories260K.json'), 'utf8')) as {
    tokenizer: { text: string; ids: number[] }[];
  };
  const tok = parseLlama2cTokenizer(readFileSync(join(storiesDir, 'tok512.bin')), 512, 'tok512.bin');
  assert.ok(fixture.tokenizer.length >= 2);
  for (const { text, ids } of fixture.tokenizer) {
    assert.deepEqual([LLAMA2C_BOS, ...llama2cEncode(tok.pieces, tok.scores, text)], ids, text);
  }
});
