/**
 * A readable summary of an HF-format model directory for `reftbench model inspect`: the parsed
 * architecture, parameter counts (all, and without the embeddings and heads) and the tensor table
 * read from the safetensors headers only (no weights are decoded).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { ArchConfig } from './arch.ts';
import { parseHfConfigText } from './hf-config.ts';
import { locateHfFiles, normalizeWeightName } from './hf-dir.ts';
import { readSafetensorsHeader, type SafetensorsDtype } from './safetensors.ts';

export interface TensorInfo {
  name: string;
  shape: number[];
  dtype: SafetensorsDtype;
  file: string;
}

export interface ModelSummary {
  dir: string;
  arch: ArchConfig;
  tensors: TensorInfo[];
  parameters: number;
  /** Parameters outside embeddings, the pooler and output heads (the N of the FLOPs model). */
  nonEmbeddingParameters: number;
}

const EMBEDDING_OR_HEAD = /(^|\.)(embeddings?\.|embed_tokens\.|lm_head\.|pooler\.|classifier\.|cls\.)/;

export function summarizeModel(dirArg: string): ModelSummary {
  const files = locateHfFiles(dirArg);
  const arch = parseHfConfigText(readFileSync(files.config, 'utf8'), files.config);
  const tensors: TensorInfo[] = [];
  for (const path of files.weights) {
    for (const entry of readSafetensorsHeader(path).entries) {
      tensors.push({ name: entry.name, shape: entry.shape, dtype: entry.dtype, file: basename(path) });
    }
  }
  tensors.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  const count = (t: TensorInfo) => t.shape.reduce((a, b) => a * b, 1);
  const parameters = tensors.reduce((sum, t) => sum + count(t), 0);
  const nonEmbeddingParameters = tensors
    .filter((t) => !EMBEDDING_OR_HEAD.test(normalizeWeightName(t.name)) && !t.name.endsWith('position_ids'))
    .reduce((sum, t) => sum + count(t), 0);
  return { dir: files.dir, arch, tensors, parameters, nonEmbeddingParameters };
}

/** The summary as text lines. */
export function formatModelSummary(summary: ModelSummary): string {
  const a = summary.arch;
  const lines = [
    `model: ${summary.dir}`,
    `  ${a.modelType} (${a.family}): ${a.numLayers} layers, hidden ${a.hiddenSize}, ${a.numHeads} heads` +
      (a.numKvHeads !== a.numHeads ? ` (${a.numKvHeads} key/value heads)` : '') +
      `, FFN ${a.intermediateSize}, vocab ${a.vocabSize}, max positions ${a.maxPositions}`,
    `  parameters: ${summary.parameters.toLocaleString('en-US')} (${summary.nonEmbeddingParameters.toLocaleString('en-US')} outside embeddings and heads)`,
    `  arch: ${JSON.stringify(a)}`,
    `  tensors (${summary.tensors.length}):`,
  ];
  const width = Math.max(...summary.tensors.map((t) => t.name.length));
  for (const t of summary.tensors) lines.push(`    ${t.name.padEnd(width)}  ${t.dtype.padEnd(4)}  [${t.shape.join(', ')}]`);
  return lines.join('\n');
}
