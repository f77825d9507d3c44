/**
 * Turns an HF `config.json` (model_type bert, roberta or llama) into the project's `ArchConfig`,
 * and back (`archToHfConfig`, used when this project writes model directories). Only the fields
 * the engine and planner use are read; anything the engine cannot honour (RoPE scaling, an unknown
 * activation) is refused with a message naming the file and field.
 */
import { UserError } from '../errors.ts';
import { modelsMessages as msg } from '../messages/index.ts';
import type { ArchConfig, HiddenAct, ModelType } from './arch.ts';

const MODEL_TYPES: readonly ModelType[] = ['bert', 'roberta', 'llama'];
const HIDDEN_ACTS: readonly HiddenAct[] = ['gelu', 'gelu_new', 'relu', 'silu'];

type Json = Record<string, unknown>;

function positiveInt(config: Json, field: string, file: string, modelType: string): number {
  const value = config[field];
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new UserError(msg.configMissingField(file, field, modelType));
  }
  return value;
}

function optionalNumber(config: Json, field: string, fallback: number, file: string): number {
  const value = config[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new UserError(msg.configBadField(file, field, 'is not a number'));
  return value;
}

function optionalBool(config: Json, field: string, fallback: boolean, file: string): boolean {
  const value = config[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw new UserError(msg.configBadField(file, field, 'is not true or false'));
  return value;
}

function hiddenAct(config: Json, fallback: HiddenAct, file: string): HiddenAct {
  const value = config.hidden_act ?? fallback;
  if (typeof value !== 'string' || !(HIDDEN_ACTS as readonly string[]).includes(value)) {
    throw new UserError(msg.configUnsupportedAct(file, String(value), HIDDEN_ACTS));
  }
  return value as HiddenAct;
}

/** Parses the object of a config.json; `file` is used in messages. */
export function parseHfConfig(config: unknown, file: string): ArchConfig {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw new UserError(msg.configNotJson(file, 'the top level is not an object'));
  }
  const c = config as Json;
  const modelType = c.model_type;
  if (typeof modelType !== 'string' || !(MODEL_TYPES as readonly string[]).includes(modelType)) {
    throw new UserError(msg.configUnknownModelType(file, String(modelType)));
  }
  const type = modelType as ModelType;
  const hiddenSize = positiveInt(c, 'hidden_size', file, type);
  const numLayers = positiveInt(c, 'num_hidden_layers', file, type);
  const numHeads = positiveInt(c, 'num_attention_heads', file, type);
  const common = {
    modelType: type,
    vocabSize: positiveInt(c, 'vocab_size', file, type),
    hiddenSize,
    numLayers,
    numHeads,
    intermediateSize: positiveInt(c, 'intermediate_size', file, type),
    maxPositions: positiveInt(c, 'max_position_embeddings', file, type),
  };
  if (hiddenSize % numHeads !== 0) throw new UserError(msg.configHeadsDoNotDivide(file, hiddenSize, numHeads));
  if (type === 'llama') {
    if (c.rope_scaling !== undefined && c.rope_scaling !== null) throw new UserError(msg.configRopeScaling(file));
    if (c.head_dim !== undefined && c.head_dim !== null && c.head_dim !== hiddenSize / numHeads) {
      throw new UserError(msg.configBadField(file, 'head_dim', `is ${String(c.head_dim)}, but reftbench needs hidden_size / num_attention_heads = ${hiddenSize / numHeads}`));
    }
    const numKvHeads = c.num_key_value_heads === undefined || c.num_key_value_heads === null
      ? numHeads
      : positiveInt(c, 'num_key_value_heads', file, type);
    if (numHeads % numKvHeads !== 0) throw new UserError(msg.configKvHeadsDoNotDivide(file, numHeads, numKvHeads));
    const attentionBias = optionalBool(c, 'attention_bias', false, file);
    const mlpBias = optionalBool(c, 'mlp_bias', false, file);
    if (attentionBias !== mlpBias) {
      throw new UserError(msg.configBadField(file, 'attention_bias', 'differs from "mlp_bias"; reftbench needs both true or both false'));
    }
    return {
      ...common,
      family: 'decoder',
      numKvHeads,
      typeVocabSize: 0,
      hiddenAct: hiddenAct(c, 'silu', file),
      normEps: optionalNumber(c, 'rms_norm_eps', 1e-6, file),
      ropeTheta: optionalNumber(c, 'rope_theta', 10000, file),
      tieWordEmbeddings: optionalBool(c, 'tie_word_embeddings', false, file),
      positionOffset: 0,
      padTokenId: optionalNumber(c, 'pad_token_id', 0, file),
      linearBias: attentionBias,
    };
  }
  const padTokenId = optionalNumber(c, 'pad_token_id', type === 'roberta' ? 1 : 0, file);
  return {
    ...common,
    family: 'encoder',
    numKvHeads: numHeads,
    typeVocabSize: optionalNumber(c, 'type_vocab_size', type === 'roberta' ? 1 : 2, file),
    hiddenAct: hiddenAct(c, 'gelu', file),
    normEps: optionalNumber(c, 'layer_norm_eps', 1e-12, file),
    ropeTheta: 0,
    tieWordEmbeddings: false,
    positionOffset: type === 'roberta' ? padTokenId + 1 : 0,
    padTokenId,
    linearBias: true,
  };
}

/** Parses config.json text. */
export function parseHfConfigText(text: string, file: string): ArchConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(msg.configNotJson(file, (error as Error).message));
  }
  return parseHfConfig(raw, file);
}

/** Token ids a config.json may carry beside the architecture (written by the generators). */
export interface SpecialTokenIds {
  bosTokenId?: number;
  eosTokenId?: number;
}

/**
 * An `ArchConfig` as the config.json that transformers' Auto classes accept
 * (BertModel / RobertaModel / LlamaForCausalLM).
 */
export function archToHfConfig(arch: ArchConfig, special: SpecialTokenIds = {}): Record<string, unknown> {
  const common = {
    vocab_size: arch.vocabSize,
    hidden_size: arch.hiddenSize,
    num_hidden_layers: arch.numLayers,
    num_attention_heads: arch.numHeads,
    intermediate_size: arch.intermediateSize,
    max_position_embeddings: arch.maxPositions,
    hidden_act: arch.hiddenAct,
    pad_token_id: arch.padTokenId,
    ...(special.bosTokenId === undefined ? {} : { bos_token_id: special.bosTokenId }),
    ...(special.eosTokenId === undefined ? {} : { eos_token_id: special.eosTokenId }),
  };
  if (arch.modelType === 'llama') {
    return {
      architectures: ['LlamaForCausalLM'],
      model_type: 'llama',
      ...common,
      num_key_value_heads: arch.numKvHeads,
      head_dim: arch.hiddenSize / arch.numHeads,
      rms_norm_eps: arch.normEps,
      rope_theta: arch.ropeTheta,
      rope_scaling: null,
      tie_word_embeddings: arch.tieWordEmbeddings,
      attention_bias: arch.linearBias,
      mlp_bias: arch.linearBias,
      attention_dropout: 0,
      initializer_range: 0.02,
      torch_dtype: 'float32',
    };
  }
  return {
    architectures: [arch.modelType === 'bert' ? 'BertModel' : 'RobertaModel'],
    model_type: arch.modelType,
    ...common,
    type_vocab_size: arch.typeVocabSize,
    layer_norm_eps: arch.normEps,
    hidden_dropout_prob: 0.1,
    attention_probs_dropout_prob: 0.1,
    position_embedding_type: 'absolute',
    initializer_range: 0.02,
    torch_dtype: 'float32',
  };
}
