/**
 * Architectures of well-known hub models, so the planner can count parameters and FLOPs without
 * downloading anything. Every number comes from the model's config.json on the Hugging Face hub
 * (the repo named beside each preset); fields the config leaves out take transformers' defaults,
 * exactly as src/models/hf-config.ts reads them.
 */
import type { ArchConfig } from './arch.ts';

const encoderDefaults = {
  family: 'encoder',
  ropeTheta: 0,
  tieWordEmbeddings: false,
  linearBias: true,
} as const;

const llamaDefaults = {
  family: 'decoder',
  modelType: 'llama',
  typeVocabSize: 0,
  hiddenAct: 'silu',
  positionOffset: 0,
  padTokenId: 0,
  linearBias: false,
} as const;

export const archPresets = {
  // FacebookAI/roberta-base config.json: vocab_size 50265, hidden 768, 12 layers, 12 heads,
  // intermediate 3072, max_position_embeddings 514, type_vocab_size 1, layer_norm_eps 1e-5, pad 1.
  'roberta-base': {
    ...encoderDefaults, modelType: 'roberta', vocabSize: 50265, hiddenSize: 768, numLayers: 12, numHeads: 12,
    numKvHeads: 12, intermediateSize: 3072, maxPositions: 514, typeVocabSize: 1, hiddenAct: 'gelu',
    normEps: 1e-5, positionOffset: 2, padTokenId: 1,
  },
  // FacebookAI/roberta-large config.json: hidden 1024, 24 layers, 16 heads, intermediate 4096.
  'roberta-large': {
    ...encoderDefaults, modelType: 'roberta', vocabSize: 50265, hiddenSize: 1024, numLayers: 24, numHeads: 16,
    numKvHeads: 16, intermediateSize: 4096, maxPositions: 514, typeVocabSize: 1, hiddenAct: 'gelu',
    normEps: 1e-5, positionOffset: 2, padTokenId: 1,
  },
  // google-bert/bert-base-uncased config.json: vocab_size 30522, hidden 768, 12 layers, 12 heads,
  // intermediate 3072, max_position_embeddings 512, type_vocab_size 2, layer_norm_eps 1e-12, pad 0.
  'bert-base-uncased': {
    ...encoderDefaults, modelType: 'bert', vocabSize: 30522, hiddenSize: 768, numLayers: 12, numHeads: 12,
    numKvHeads: 12, intermediateSize: 3072, maxPositions: 512, typeVocabSize: 2, hiddenAct: 'gelu',
    normEps: 1e-12, positionOffset: 0, padTokenId: 0,
  },
  // sentence-transformers/all-MiniLM-L6-v2 config.json (model_type bert): vocab 30522, hidden 384,
  // 6 layers, 12 heads, intermediate 1536, max_position_embeddings 512, type_vocab_size 2.
  'all-MiniLM-L6-v2': {
    ...encoderDefaults, modelType: 'bert', vocabSize: 30522, hiddenSize: 384, numLayers: 6, numHeads: 12,
    numKvHeads: 12, intermediateSize: 1536, maxPositions: 512, typeVocabSize: 2, hiddenAct: 'gelu',
    normEps: 1e-12, positionOffset: 0, padTokenId: 0,
  },
  // huggyllama/llama-7b config.json: vocab 32000, hidden 4096, 32 layers, 32 heads, intermediate 11008,
  // max_position_embeddings 2048, rms_norm_eps 1e-6, untied embeddings. 6,738,415,616 parameters.
  'llama-7b': {
    ...llamaDefaults, vocabSize: 32000, hiddenSize: 4096, numLayers: 32, numHeads: 32, numKvHeads: 32,
    intermediateSize: 11008, maxPositions: 2048, normEps: 1e-6, ropeTheta: 10000, tieWordEmbeddings: false,
  },
  // meta-llama/Llama-2-7b-hf config.json: as llama-7b but max_position_embeddings 4096, rms_norm_eps 1e-5.
  'llama-2-7b': {
    ...llamaDefaults, vocabSize: 32000, hiddenSize: 4096, numLayers: 32, numHeads: 32, numKvHeads: 32,
    intermediateSize: 11008, maxPositions: 4096, normEps: 1e-5, ropeTheta: 10000, tieWordEmbeddings: false,
  },
  // meta-llama/Meta-Llama-3-8B config.json: vocab 128256, hidden 4096, 32 layers, 32 heads, 8 kv heads,
  // intermediate 14336, max_position_embeddings 8192, rms_norm_eps 1e-5, rope_theta 500000.
  'llama-3-8b': {
    ...llamaDefaults, vocabSize: 128256, hiddenSize: 4096, numLayers: 32, numHeads: 32, numKvHeads: 8,
    intermediateSize: 14336, maxPositions: 8192, normEps: 1e-5, ropeTheta: 500000, tieWordEmbeddings: false,
  },
  // karpathy/tinyllamas stories260K (llama2.c, converted to HF layout): dim 64, 5 layers, 8 heads,
  // 4 kv heads, hidden_dim 172, vocab 512, max_seq_len 512, norm_eps 1e-5, shared classifier.
  'stories260K': {
    ...llamaDefaults, vocabSize: 512, hiddenSize: 64, numLayers: 5, numHeads: 8, numKvHeads: 4,
    intermediateSize: 172, maxPositions: 512, normEps: 1e-5, ropeTheta: 10000, tieWordEmbeddings: true,
  },
} satisfies Record<string, ArchConfig>;

export type ArchPresetName = keyof typeof archPresets;

export const archPresetNames = Object.keys(archPresets) as ArchPresetName[];

/** Hub repos (without revision) whose architecture a preset describes. */
export const hubRepoPresets: Readonly<Record<string, ArchPresetName>> = {
  'FacebookAI/roberta-base': 'roberta-base',
  'roberta-base': 'roberta-base',
  'FacebookAI/roberta-large': 'roberta-large',
  'roberta-large': 'roberta-large',
  'google-bert/bert-base-uncased': 'bert-base-uncased',
  'bert-base-uncased': 'bert-base-uncased',
  'sentence-transformers/all-MiniLM-L6-v2': 'all-MiniLM-L6-v2',
  'huggyllama/llama-7b': 'llama-7b',
  'meta-llama/Llama-2-7b-hf': 'llama-2-7b',
  'meta-llama/Meta-Llama-3-8B': 'llama-3-8b',
};

export function isArchPresetName(name: string): name is ArchPresetName {
  return Object.prototype.hasOwnProperty.call(archPresets, name);
}

/** The preset's architecture (a fresh copy, so callers may override fields). */
export function archPreset(name: ArchPresetName): ArchConfig {
  return { ...archPresets[name] };
}
