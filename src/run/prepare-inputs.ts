/**
 * Gets every model and task of a suite ready before any run starts, so bad data or a missing model
 * stops the suite with one message (exit 2) and nothing written: tiny models are generated once into
 * the cache, local model directories are checked, and each task is loaded, split by its protocol and
 * tokenized with each model's tokenizer into the cached split folders every backend reads. The test
 * role stays a sealed `TestSplit`; only final scoring (src/metrics/score-test.ts) reaches its labels.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError, isUserError } from '../errors.ts';
import { runMessages } from '../messages/index.ts';
import type { ArchConfig } from '../models/arch.ts';
import { readHfArch } from '../models/hf-dir.ts';
import { writeHfDir } from '../models/hf-write.ts';
import { generateTinyModel, TINY_KINDS, type TinyKind } from '../models/tiny.ts';
import { loadGlueSplit } from '../data/glue-source.ts';
import type { DataLocations } from '../data/locations.ts';
import type { TestSplit } from '../data/sealed-test-split.ts';
import { applySplitProtocol, type SourceSplits, type TaskSplits } from '../data/split-protocol.ts';
import { tokenizeTestSplit } from '../data/test-tokens.ts';
import { loadTokenizer, type TextTokenizer } from '../data/tokenizer.ts';
import { tokenizeLabelledSplit } from '../data/tokenize-split.ts';
import type { TokenizedSplitData } from '../data/tokenized-split.ts';
import { parseModelSource } from '../suite/resolve-arch.ts';
import type { SuiteModel, SuiteTask } from '../types/suite.ts';
import { canonicalJson } from './run-id.ts';
import type { LoadedSuite } from '../suite/load-suite.ts';

export interface PreparedModel {
  model: SuiteModel;
  /** Local HF-format directory with config.json, model.safetensors and tokenizer.json. */
  dir: string;
  /** The architecture as the directory's config.json states it. */
  arch: ArchConfig;
  tokenizer: TextTokenizer;
}

/** One task tokenized for one model. */
export interface PreparedTask {
  task: SuiteTask;
  train: { dir: string; data: TokenizedSplitData };
  dev: { dir: string; data: TokenizedSplitData };
  /** Label-free test token ids (for final runs only) and the sealed split final scoring reads. */
  test: { dir: string; split: TestSplit };
}

export interface PreparedInputs {
  models: Map<string, PreparedModel>;
  /** Keyed by `preparedKey(modelId, taskId)`. */
  tasks: Map<string, PreparedTask>;
}

export const preparedKey = (modelId: string, taskId: string): string => `${modelId}\u0000${taskId}`;

async function prepareModel(loaded: LoadedSuite, model: SuiteModel, index: number, cacheDir: string): Promise<PreparedModel> {
  const source = parseModelSource(model.source);
  const pointer = `/models/${index}/source`;
  let dir: string;
  if (source.kind === 'hub') throw new UserError(runMessages.hubModelNotRunnable(loaded.file, pointer, model.source));
  if (source.kind === 'tiny') {
    if (!(TINY_KINDS as readonly string[]).includes(source.family)) throw new UserError(runMessages.unknownTinyKind(loaded.file, pointer, source.family, TINY_KINDS));
    const kind = source.family as TinyKind;
    const arch = loaded.archs.get(model.id)!;
    const hash = createHash('sha256').update(canonicalJson(arch)).digest('hex').slice(0, 16);
    dir = join(cacheDir, 'models', `tiny-${kind}-${source.seed}-${hash}`);
    if (!existsSync(join(dir, 'config.json'))) {
      try {
        writeHfDir(dir, generateTinyModel(kind, source.seed, arch));
      } catch (error) {
        // Another runner generated the same model first: its directory is complete and identical.
        if (!(isUserError(error) && existsSync(join(dir, 'config.json')))) throw error;
      }
    }
  } else {
    dir = loaded.sources.get(model.id) ?? source.dir;
  }
  return { model, dir, arch: readHfArch(dir), tokenizer: await loadTokenizer(join(dir, 'tokenizer.json')) };
}

async function loadTaskSplits(loaded: LoadedSuite, task: SuiteTask, index: number, where: DataLocations): Promise<TaskSplits> {
  const glue = /^glue\/(.+)$/.exec(task.source);
  if (glue === null) throw new UserError(runMessages.unsupportedTaskSource(loaded.file, `/tasks/${index}/source`, task.source));
  const needsValidation = task.split.dev.of === 'validation' || task.split.test.of === 'validation';
  const sources: SourceSplits = { train: (await loadGlueSplit(glue[1]!, 'train', where)).examples };
  if (needsValidation) sources.validation = (await loadGlueSplit(glue[1]!, 'validation', where)).examples;
  return applySplitProtocol(task.id, task.split, sources);
}

/** Prepares every model and every (model, task) pair the suite runs. */
export async function prepareInputs(loaded: LoadedSuite, where: DataLocations, families: (model: SuiteModel, task: SuiteTask) => boolean): Promise<PreparedInputs> {
  const models = new Map<string, PreparedModel>();
  for (const [i, model] of loaded.suite.models.entries()) models.set(model.id, await prepareModel(loaded, model, i, where.cacheDir));
  const tasks = new Map<string, PreparedTask>();
  for (const [i, task] of loaded.suite.tasks.entries()) {
    const users = [...models.values()].filter((m) => families(m.model, task));
    if (users.length === 0) continue;
    const splits = await loadTaskSplits(loaded, task, i, where);
    for (const { model, tokenizer } of users) {
      const train = await tokenizeLabelledSplit(where.cacheDir, task.id, splits.train, tokenizer, task.maxLength);
      const dev = await tokenizeLabelledSplit(where.cacheDir, task.id, splits.dev, tokenizer, task.maxLength);
      const test = await tokenizeTestSplit(where.cacheDir, task.id, splits.test, task.metrics, tokenizer, task.maxLength);
      tasks.set(preparedKey(model.id, task.id), {
        task,
        train: { dir: train.dir, data: train.data },
        dev: { dir: dev.dir, data: dev.data },
        test: { dir: test.dir, split: splits.test },
      });
    }
  }
  return { models, tasks };
}
