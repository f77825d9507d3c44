/**
 * Loads an HF-format model directory: config.json + model.safetensors (or a sharded
 * model.safetensors.index.json) + tokenizer.json. Weights keep their HF names as stored in the file;
 * `normalizeWeightNames` strips the task-model prefixes (`bert.`, `roberta.`, `model.`) so the engine
 * can look up one naming. Pickle weights (`pytorch_model.bin`) are refused, and no remote code is run:
 * only the bert, roberta and llama families are understood.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { modelsMessages as msg } from '../messages/index.ts';
import type { ArchConfig } from './arch.ts';
import { parseHfConfigText } from './hf-config.ts';
import { readSafetensors, readSafetensorsHeader, type SafetensorsDtype, type TensorMap } from './safetensors.ts';

export interface HfModel {
  arch: ArchConfig;
  /** HF tensor names exactly as stored, all widened to float32. */
  weights: TensorMap;
  /** Source dtype of each weight. */
  dtypes: Map<string, SafetensorsDtype>;
  /** Absolute path of tokenizer.json. */
  tokenizerPath: string;
  /** Absolute path of the directory. */
  dir: string;
}

const PICKLE_FILES = ['pytorch_model.bin', 'pytorch_model.bin.index.json', 'model.pt', 'model.pth', 'tf_model.h5', 'flax_model.msgpack'];

/** Checks the directory and returns the absolute paths of its parts, or throws one clear message. */
export function locateHfFiles(dirArg: string): { dir: string; config: string; weights: string[]; index: string | null; tokenizer: string } {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new UserError(msg.dirMissing(dir));
  if (!statSync(dir).isDirectory()) throw new UserError(msg.dirNotADirectory(dir));
  const config = join(dir, 'config.json');
  if (!existsSync(config)) throw new UserError(msg.dirNoConfig(dir));
  const single = join(dir, 'model.safetensors');
  const indexPath = join(dir, 'model.safetensors.index.json');
  let weights: string[];
  let index: string | null = null;
  if (existsSync(single)) {
    weights = [single];
  } else if (existsSync(indexPath)) {
    index = indexPath;
    weights = shardFiles(indexPath, dir);
  } else {
    const pickle = PICKLE_FILES.find((f) => existsSync(join(dir, f)))
      ?? readdirSync(dir).find((f) => /\.(bin|pt|pth|pkl|ckpt)$/.test(f));
    if (pickle) throw new UserError(msg.dirPickleOnly(dir, pickle));
    throw new UserError(msg.dirNoWeights(dir));
  }
  const tokenizer = join(dir, 'tokenizer.json');
  if (!existsSync(tokenizer)) throw new UserError(msg.dirNoTokenizer(dir));
  return { dir, config, weights, index, tokenizer };
}

function readIndexMap(indexPath: string): Record<string, string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(indexPath, 'utf8'));
  } catch (error) {
    throw new UserError(msg.indexBad(indexPath, `not valid JSON (${(error as Error).message})`));
  }
  const map = (raw as { weight_map?: unknown } | null)?.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) {
    throw new UserError(msg.indexBad(indexPath, 'has no "weight_map" object'));
  }
  for (const [tensor, shard] of Object.entries(map)) {
    if (typeof shard !== 'string' || shard.includes('/') || shard.includes('\\') || !shard.endsWith('.safetensors')) {
      throw new UserError(msg.indexBad(indexPath, `maps "${tensor}" to ${JSON.stringify(shard)}, not a .safetensors file in the same folder`));
    }
  }
  return map as Record<string, string>;
}

function shardFiles(indexPath: string, dir: string): string[] {
  const shards = [...new Set(Object.values(readIndexMap(indexPath)))].sort();
  return shards.map((shard) => {
    const path = join(dir, shard);
    if (!existsSync(path)) throw new UserError(msg.indexShardMissing(indexPath, shard));
    return path;
  });
}

/** Layer index in a tensor name: `encoder.layer.3.` (BERT), `layers.3.` (LLaMA). */
const LAYER_INDEX = /(?:^|\.)(?:layer|layers)\.(\d+)\./;
/** The word-embedding tensor, [vocabSize, hiddenSize] in both families. */
const EMBEDDING = /(?:^|\.)(?:word_embeddings|embed_tokens)\.weight$/;

/**
 * Checks the weight files' headers (not their data) against config.json: every file whole (a cut
 * file's tensors reach past its end), every layer the config says (more are fine), and the word embedding
 * [vocabSize, hiddenSize]. So a directory whose weights cannot be loaded fails when the suite is
 * validated, not in every run.
 */
function checkWeightsAgainstConfig(dir: string, weights: readonly string[], arch: ArchConfig, config: string): void {
  const layers = new Set<number>();
  for (const path of weights) {
    for (const entry of readSafetensorsHeader(path).entries) {
      const layer = LAYER_INDEX.exec(entry.name);
      if (layer) layers.add(Number(layer[1]));
      if (EMBEDDING.test(entry.name)) {
        const [vocab, hidden] = entry.shape;
        if (vocab !== arch.vocabSize || hidden !== arch.hiddenSize)
          throw new UserError(msg.weightsDisagreeWithConfig(dir, config, `${entry.name} is [${entry.shape.join(', ')}], but the config says vocab_size ${arch.vocabSize} and hidden_size ${arch.hiddenSize}`));
      }
    }
  }
  // Layers past the config's count are fine (a model cut by lowering num_hidden_layers loads its
  // first layers and leaves the rest); a layer the config needs and the weights lack is not.
  const missing = Array.from({ length: arch.numLayers }, (_, i) => i).filter((i) => !layers.has(i));
  if (missing.length === 0) return;
  const held = missing[0]!;
  const detail = missing.every((i, k) => i === held + k) && [...layers].every((i) => i < held)
    ? `the weights hold ${held} layer${held === 1 ? '' : 's'}, but the config says ${arch.numLayers}`
    : `the weights have no layer ${missing.join(', ')} (layers count from 0), but the config says ${arch.numLayers} layers`;
  throw new UserError(msg.weightsDisagreeWithConfig(dir, config, detail));
}

/** Reads the architecture of a model directory, with its weights' headers checked against it (no weight data is read). */
export function readHfArch(dirArg: string): ArchConfig {
  const { dir, config, weights } = locateHfFiles(dirArg);
  const arch = parseHfConfigText(readFileSync(config, 'utf8'), config);
  checkWeightsAgainstConfig(dir, weights, arch, config);
  return arch;
}

/** Loads a whole HF-format model directory. */
export function loadHfDir(dirArg: string): HfModel {
  const files = locateHfFiles(dirArg);
  const arch = parseHfConfigText(readFileSync(files.config, 'utf8'), files.config);
  const weights: TensorMap = new Map();
  const dtypes = new Map<string, SafetensorsDtype>();
  for (const path of files.weights) {
    const file = readSafetensors(path);
    for (const [name, tensor] of file.tensors) {
      if (weights.has(name)) throw new UserError(msg.duplicateTensor(files.dir, name));
      weights.set(name, tensor);
      dtypes.set(name, file.dtypes.get(name)!);
    }
  }
  if (files.index) {
    for (const [tensor, shard] of Object.entries(readIndexMap(files.index))) {
      if (!weights.has(tensor)) throw new UserError(msg.weightMissingInShard(files.index, tensor, shard));
    }
  }
  return { arch, weights, dtypes, tokenizerPath: files.tokenizer, dir: files.dir };
}

const PREFIXES = ['bert.', 'roberta.', 'model.'];

/**
 * One naming for every checkpoint of a family: drops a leading `bert.`, `roberta.` or `model.`
 * (so `bert.encoder.layer.0...` and `encoder.layer.0...` agree, as do `model.layers.0...` and
 * `layers.0...`) and renames old LayerNorm `gamma`/`beta` to `weight`/`bias`. Heads outside the
 * base model (`classifier.*`, `lm_head.*`, `cls.*`, `pooler.*`) keep their names.
 */
export function normalizeWeightName(name: string): string {
  let out = name;
  for (const prefix of PREFIXES) {
    if (out.startsWith(prefix)) {
      out = out.slice(prefix.length);
      break;
    }
  }
  return out.replace(/\.gamma$/, '.weight').replace(/\.beta$/, '.bias');
}

/** `normalizeWeightName` over a whole map (same tensor objects, no copies). */
export function normalizeWeightNames(weights: TensorMap): TensorMap {
  const out: TensorMap = new Map();
  for (const [name, tensor] of weights) out.set(normalizeWeightName(name), tensor);
  return out;
}
