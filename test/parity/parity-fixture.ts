/**
 * The shared inputs of one parity case: the engine's tiny random model written as an HF directory
 * with every dropout probability set to 0, one tokenized training split of exactly one batch (so
 * both engines see the same examples at every step whatever order they draw them in; the mean
 * loss does not depend on the order), the same batch padded for the `ort` engine, and the torch
 * worker's run spec.
 */
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { writeTokenizedSplit, type TokenizedSplitData } from '../../src/data/tokenized-split.ts';
import { encodeSchedule } from '../../src/data/schedule-file.ts';
import { writeHfDir, type HfDirContents } from '../../src/models/hf-write.ts';
import { generateTinyModel, tinyArch, type TinyKind } from '../../src/models/tiny.ts';
import type { ArchConfig } from '../../src/models/arch.ts';
import type { Batch } from '../../src/backends/ort/engine.ts';
import { IGNORE_LABEL } from '../../src/backends/ort/models/decoder.ts';
import type { ResolvedHparams, RunSpec } from '../../src/types/run-spec.ts';

export type ParityFamily = 'encoder' | 'decoder';

/** Training settings both engines get. */
export interface ParitySettings {
  steps: number;
  batchSize: number;
  seqLen: number;
  lr: number;
  warmupRatio: number;
  maxGradNorm: number;
  seed: number;
}

export const PARITY_SETTINGS: Omit<ParitySettings, 'lr'> = { steps: 20, batchSize: 4, seqLen: 12, warmupRatio: 0.1, maxGradNorm: 1, seed: 3 };

/** Example lengths of the one training batch: one full-length row, so the worker pads to seqLen too. */
const LENGTHS = [12, 7, 9, 5];
/**
 * Prompt lengths of the same examples for the prompt cases (a causal LM with a response-only loss,
 * ReFT positions counted in the prompt): f2+l2 takes 2+2, 1+1, 2+2 and 1+1 positions (pyreft's
 * short-prompt rule for lengths 3 and 2).
 */
export const PROMPT_LENGTHS = [6, 3, 5, 2];

export interface ParityModel {
  kind: TinyKind;
  arch: ArchConfig;
  contents: HfDirContents;
  dir: string;
}

/** Writes the tiny model of a family (RoBERTa / LLaMA) under `root`, dropout off. */
export function writeParityModel(root: string, family: ParityFamily): ParityModel {
  const kind: TinyKind = family === 'encoder' ? 'roberta' : 'llama';
  const contents = generateTinyModel(kind, 11);
  const config = { ...contents.config };
  for (const key of ['hidden_dropout_prob', 'attention_probs_dropout_prob', 'attention_dropout', 'classifier_dropout']) {
    if (key in config) config[key] = 0;
  }
  const dir = writeHfDir(join(root, `model-${kind}`), { ...contents, config });
  return { kind, arch: tinyArch(kind), contents, dir };
}

/** Token ids of example `i`: seeded, never the pad token, encoders framed by <s> … </s>. */
function exampleIds(arch: ArchConfig, family: ParityFamily, i: number): number[] {
  const n = LENGTHS[i]!;
  const ids: number[] = [];
  let state = 1234567 + 7919 * i;
  for (let t = 0; t < n; t++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    ids.push(3 + (state % (arch.vocabSize - 3)));
  }
  if (family === 'encoder') {
    ids[0] = 0;
    ids[n - 1] = 2;
  }
  return ids;
}

/** The training split (one batch of examples) as the data stage writes it; returns its folder. */
export async function writeParitySplit(root: string, arch: ArchConfig, family: ParityFamily, role: 'train' | 'dev', prompts = false): Promise<string> {
  const rows = LENGTHS.map((_, i) => exampleIds(arch, family, i));
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
  const lm = family === 'decoder';
  const data: TokenizedSplitData = {
    meta: {
      format: 'reftbench-tokenized-split', version: 1, key: '0'.repeat(64), task: 'parity', role, kind: lm ? 'causal_lm' : 'classification',
      numExamples: rows.length, totalTokens: offsets[rows.length]!, longest: Math.max(...LENGTHS), maxLength: PARITY_SETTINGS.seqLen,
      numLabels: lm ? 0 : 2, labelNames: lm ? [] : ['no', 'yes'], tokenizer: { fingerprint: '0'.repeat(64) },
      files: {
        ids: 'ids.i32', offsets: 'offsets.i32', sourceIndices: 'source_indices.i32', ...(lm ? {} : { labels: 'labels.i32' }),
        ...(prompts ? { promptLengths: 'prompt_lengths.i32' } : {}),
      },
    },
    ids: Int32Array.from(rows.flat()),
    offsets,
    sourceIndices: Int32Array.from(rows.map((_, i) => i)),
    ...(lm ? {} : { labels: Int32Array.from(rows.map((_, i) => i % 2)) }),
    ...(prompts ? { promptLengths: Int32Array.from(PROMPT_LENGTHS) } : {}),
  };
  const dir = join(root, `split-${family}-${role}${prompts ? '-prompts' : ''}`);
  await writeTokenizedSplit(dir, data);
  return dir;
}

/**
 * The same examples as one `ort` batch: right padding to seqLen; LM labels are the ids, -100 on
 * padding. With `prompts` (decoder), as the ort backend builds a causal-LM batch: labels only on
 * the response and the intervention mask on the prompt.
 */
export function parityBatch(arch: ArchConfig, family: ParityFamily, prompts = false): Batch {
  const { batchSize: B, seqLen: S } = PARITY_SETTINGS;
  const inputIds = new BigInt64Array(B * S).fill(BigInt(arch.padTokenId));
  const attentionMask = new Float32Array(B * S);
  const interventionMask = new Float32Array(B * S);
  const lmLabels = new BigInt64Array(B * S).fill(BigInt(IGNORE_LABEL));
  for (let b = 0; b < B; b++) {
    exampleIds(arch, family, b).forEach((id, t) => {
      inputIds[b * S + t] = BigInt(id);
      const inPrompt = prompts && t < PROMPT_LENGTHS[b]!;
      if (!inPrompt) lmLabels[b * S + t] = BigInt(id);
      if (inPrompt) interventionMask[b * S + t] = 1;
      attentionMask[b * S + t] = 1;
    });
  }
  const labels = family === 'decoder' ? lmLabels : BigInt64Array.from(LENGTHS.map((_, i) => BigInt(i % 2)));
  return { inputIds, attentionMask, tokenTypeIds: new BigInt64Array(B * S), labels, ...(prompts ? { interventionMask } : {}) };
}

/**
 * The batch schedule of a parity run: every step is the whole parity batch in order (the batch the
 * ort engine is given), written beside the training split; returns its path.
 */
export function writeParitySchedule(train: string): string {
  const file = `${train}.schedule.i32`;
  const steps = Array.from({ length: PARITY_SETTINGS.steps }, () => Array.from({ length: PARITY_SETTINGS.batchSize }, (_, i) => i));
  writeFileSync(file, encodeSchedule({ hash: '', steps }));
  return file;
}

/** The worker's run spec for one case (schemas/run-spec.schema.json). */
export function parityRunSpec(options: {
  family: ParityFamily; model: ParityModel; kind: RunSpec['method']['kind']; hparams: ResolvedHparams; lr: number;
  train: string; dev: string; initParams: string;
}): RunSpec {
  const s = PARITY_SETTINGS;
  const lm = options.family === 'decoder';
  const metric = lm ? { name: 'loss', direction: 'min' } : { name: 'accuracy', direction: 'max' };
  return {
    schemaVersion: 1, runId: `parity-${options.family}-${options.kind}`, suite: { name: 'parity', hash: '0' }, phase: 'trial', trial: 0, seed: s.seed,
    model: { id: `tiny-${options.model.kind}`, source: options.model.dir, family: options.family, dtype: 'float32', arch: options.model.arch },
    task: { id: 'parity', type: lm ? 'causal_lm' : 'classification', numLabels: lm ? 0 : 2, maxLength: s.seqLen, metrics: [metric], selectionMetric: metric },
    method: { id: options.kind, kind: options.kind, hparams: options.hparams },
    training: {
      steps: s.steps, batchSize: s.batchSize, evalBatchSize: s.batchSize, lr: options.lr, weightDecay: 0, warmupRatio: s.warmupRatio, schedule: 'linear',
      maxGradNorm: s.maxGradNorm, optimizer: { name: 'adamw', betas: [0.9, 0.999], eps: 1e-8 },
    },
    data: { train: options.train, dev: options.dev, schedule: writeParitySchedule(options.train) },
    initParams: options.initParams,
    backend: { name: 'torch', threads: 1, deterministic: true, device: 'cpu' },
  } as RunSpec;
}
