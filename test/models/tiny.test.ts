import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.ts';
import { parseHfConfig } from '../../src/models/hf-config.ts';
import { encodeSafetensors } from '../../src/models/safetensors.ts';
import { TINY_DEFAULTS, TINY_KINDS, generateTinyModel, generateTinyModelStoppable, mulberry32, tinyArch, tinyMinVocab, tinyModelSize } from '../../src/models/tiny.ts';

test('the same kind and seed give the same bytes; another seed gives other weights', () => {
  for (const kind of TINY_KINDS) {
    const a = encodeSafetensors(generateTinyModel(kind, 5).tensors);
    const b = encodeSafetensors(generateTinyModel(kind, 5).tensors);
    const c = encodeSafetensors(generateTinyModel(kind, 6).tensors);
    assert.deepEqual(a, b, kind);
    assert.notDeepEqual(a, c, kind);
  }
});

test('drawn in chunks with pauses (as run draws them), a tiny model has the same bytes and config; its size is its parameter count', async () => {
  const arch = { hiddenSize: 128, numLayers: 3, intermediateSize: 256 }; // several chunks of draws
  for (const kind of TINY_KINDS) {
    const now = generateTinyModel(kind, 9, arch);
    const paused = await generateTinyModelStoppable(kind, 9, arch, new AbortController().signal);
    assert.deepEqual(encodeSafetensors(paused.tensors), encodeSafetensors(now.tensors), kind);
    assert.deepEqual(paused.config, now.config, kind);
    assert.equal(tinyModelSize(kind, arch), [...now.tensors.values()].reduce((n, t) => n + t.data.length, 0), kind);
  }
});

test('config.json parses back to the requested architecture, with the tokenizer\'s special ids', () => {
  for (const kind of TINY_KINDS) {
    const contents = generateTinyModel(kind, 0);
    const arch = parseHfConfig(contents.config, 'config.json');
    assert.deepEqual(arch, TINY_DEFAULTS[kind], kind);
    assert.equal(contents.config.reftbench_source, `tiny:${kind}@0`);
  }
  assert.equal(generateTinyModel('roberta', 0).config.pad_token_id, 1);
  assert.equal(TINY_DEFAULTS.roberta.positionOffset, 2);
  assert.equal(generateTinyModel('llama', 0).config.bos_token_id, 1);
});

test('tensor shapes follow the architecture (GQA key/value width, RoBERTa position rows)', () => {
  const llama = generateTinyModel('llama', 0, { numLayers: 3, hiddenSize: 48, numHeads: 6, numKvHeads: 2, vocabSize: 600 });
  assert.deepEqual(llama.tensors.get('model.layers.2.self_attn.k_proj.weight')!.shape, [16, 48]);
  assert.deepEqual(llama.tensors.get('model.embed_tokens.weight')!.shape, [600, 48]);
  assert.deepEqual(llama.tensors.get('lm_head.weight')!.shape, [600, 48]);
  const tied = generateTinyModel('llama', 0, { tieWordEmbeddings: true });
  assert.ok(!tied.tensors.has('lm_head.weight'));
  const roberta = generateTinyModel('roberta', 0);
  assert.deepEqual(roberta.tensors.get('embeddings.position_embeddings.weight')!.shape, [66, 32]);
  assert.deepEqual(roberta.tensors.get('embeddings.token_type_embeddings.weight')!.shape, [1, 32]);
});

test('tokenizers: vocabulary padded to vocabSize, unique pieces, merges within the vocabulary', () => {
  for (const kind of TINY_KINDS) {
    const contents = generateTinyModel(kind, 0);
    const model = contents.tokenizer.model as { type: string; vocab: Record<string, number>; merges?: string[] };
    const ids = Object.values(model.vocab).sort((a, b) => a - b);
    assert.equal(ids.length, TINY_DEFAULTS[kind].vocabSize, kind);
    assert.deepEqual(ids, ids.map((_, i) => i), `${kind}: ids are 0..V-1`);
    for (const merge of model.merges ?? []) {
      const [a, b] = merge.split(' ') as [string, string];
      assert.ok(a in model.vocab && b in model.vocab && `${a}${b}` in model.vocab, `${kind}: ${merge}`);
    }
  }
  assert.equal((generateTinyModel('bert', 0).tokenizer.model as { type: string }).type, 'WordPiece');
  assert.equal((generateTinyModel('llama', 0).tokenizer.model as { byte_fallback: boolean }).byte_fallback, true);
});

test('a vocabulary below the tokenizer\'s base size is a user error naming the minimum', () => {
  const min = tinyMinVocab('llama');
  assert.throws(() => generateTinyModel('llama', 0, { vocabSize: min - 1 }), (e: unknown) => e instanceof UserError && new RegExp(`at least ${min}`).test(e.message));
  assert.equal(parseHfConfig(generateTinyModel('llama', 0, { vocabSize: min }).config, 'c').vocabSize, min);
});

test('tinyArch keeps modelType and family consistent with the kind', () => {
  assert.equal(tinyArch('bert', { modelType: 'llama' } as never).modelType, 'bert');
  assert.equal(tinyArch('llama').family, 'decoder');
});

test('mulberry32 is a deterministic uniform source in [0, 1)', () => {
  const a = mulberry32(1);
  const b = mulberry32(1);
  const values = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(values.slice(0, 5), Array.from({ length: 5 }, () => b()));
  assert.ok(values.every((v) => v >= 0 && v < 1));
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  assert.ok(Math.abs(mean - 0.5) < 0.05, `mean ${mean}`);
});
