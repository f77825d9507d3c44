/**
 * Gets every model and task of a suite ready before any run starts, so bad data or a missing model
 * stops the suite with one message (exit 2) and nothing written: tiny models are generated once into
 * the cache, hub models (`hf:<repo>@<revision>`) are downloaded once into it (src/models/hub-model.ts;
 * offline, a missing one says to run `reftbench prefetch`), local model directories are checked, and each task goes through the data stage's
 * `prepareTask` (load, split by its protocol, tokenize train and dev with each model's tokenizer into
 * the cached folders every backend reads). The test role stays a sealed `TestSplit`; its token files
 * are made only when a final run asks, and only final scoring (src/metrics/score-test.ts) reaches
 * its labels.
 */
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { hubMessages, runMessages } from '../messages/index.ts';
import type { ArchConfig } from '../models/arch.ts';
import { readHfArch } from '../models/hf-dir.ts';
import { archDifferences, ensureHubModelDir } from '../models/hub-model.ts';
import { TINY_KINDS } from '../models/tiny.ts';
import { ensureTinyModelDir } from '../models/tiny-cache.ts';
import type { DataLocations } from '../data/locations.ts';
import { prepareTask } from '../data/prepare-task.ts';
import { readTokenizedSplit, splitLengths } from '../data/tokenized-split.ts';
import type { References } from '../metrics/score.ts';
import type { TestSplit } from '../data/sealed-test-split.ts';
import { parseModelSource } from '../suite/resolve-arch.ts';
import type { SuiteModel, SuiteTask } from '../types/suite.ts';
import type { LoadedSuite } from '../suite/load-suite.ts';
import { activeRunsStop } from './signals.ts';

export interface PreparedModel {
  model: SuiteModel;
  /** Local HF-format directory with config.json, model.safetensors and tokenizer.json (a hub model's cached copy). */
  dir: string;
  /** The architecture as the directory's config.json states it. */
  arch: ArchConfig;
}

/** One task tokenized for one model. */
export interface PreparedTask {
  task: SuiteTask;
  /** Token files of train and dev (every run), and the dev references selection scores against. */
  train: { dir: string; numExamples: number; lengths: Int32Array };
  dev: { dir: string; references: References };
  /**
   * The sealed test split (final scoring reads its labels through src/metrics/score-test.ts) and
   * its label-free token files, tokenized on first use — by final runs only.
   */
  test: { split: TestSplit; files(): Promise<string> };
}

export interface PreparedInputs {
  /** Where the runner keeps its caches (tokenized splits, batch schedules). */
  cacheDir: string;
  models: Map<string, PreparedModel>;
  /** Keyed by `preparedKey(modelId, taskId)`. */
  tasks: Map<string, PreparedTask>;
}

export const preparedKey = (modelId: string, taskId: string): string => `${modelId}\u0000${taskId}`;

export async function prepareModel(
  loaded: LoadedSuite, model: SuiteModel, index: number, where: DataLocations, log?: (line: string) => void, stop: AbortSignal = activeRunsStop(),
): Promise<PreparedModel> {
  const source = parseModelSource(model.source);
  const pointer = `/models/${index}/source`;
  let dir: string;
  if (source.kind === 'hub') {
    // Downloaded once into the cache (or found there, or in the huggingface_hub cache): src/models/hub-model.ts.
    dir = (await ensureHubModelDir(source.repo, source.revision, where, { file: loaded.file, pointer, source: model.source }, log)).dir;
    const arch = readHfArch(dir);
    const differences = archDifferences(loaded.archs.get(model.id)!, arch);
    if (differences.length > 0) throw new UserError(hubMessages.archDisagrees(loaded.file, `/models/${index}`, model.source, join(dir, 'config.json'), differences));
    return { model, dir, arch };
  }
  if (source.kind === 'tiny') {
    if (!(TINY_KINDS as readonly string[]).includes(source.family)) throw new UserError(runMessages.unknownTinyKind(loaded.file, pointer, source.family, TINY_KINDS));
    dir = await ensureTinyModelDir(model.source, loaded.archs.get(model.id)!, join(where.cacheDir, 'models'), { stop, log });
  } else {
    dir = loaded.sources.get(model.id) ?? source.dir;
  }
  return { model, dir, arch: readHfArch(dir) };
}

/**
 * Prepares every model and every (model, task) pair the suite runs. `baseDir` is the suite file's
 * folder (relative jsonl: sources are resolved against it). A stop (`stop`, by default that of the
 * runs `stopOnSignals` watches: a SIGTERM during preparation) throws its reason between models and
 * tasks, and while a tiny model's weights are drawn.
 */
export async function prepareInputs(
  loaded: LoadedSuite, where: DataLocations, baseDir: string, families: (model: SuiteModel, task: SuiteTask) => boolean, log?: (line: string) => void,
  stop: AbortSignal = activeRunsStop(),
): Promise<PreparedInputs> {
  const models = new Map<string, PreparedModel>();
  for (const [i, model] of loaded.suite.models.entries()) models.set(model.id, await prepareModel(loaded, model, i, where, log, stop));
  const tasks = new Map<string, PreparedTask>();
  for (const task of loaded.suite.tasks) {
    for (const { model, dir } of models.values()) {
      if (!families(model, task)) continue;
      stop.throwIfAborted();
      const prepared = await prepareTask(task, { where, baseDir, tokenizerFile: join(dir, 'tokenizer.json') });
      let testDir: Promise<string> | undefined;
      tasks.set(preparedKey(model.id, task.id), {
        task,
        train: { dir: prepared.train.dir, numExamples: prepared.train.meta.numExamples, lengths: await exampleLengths(prepared.train.dir) },
        dev: { dir: prepared.dev.dir, references: prepared.dev.references },
        test: { split: prepared.splits.test, files: () => (testDir ??= prepared.testFiles().then((f) => f.dir)) },
      });
    }
  }
  return { cacheDir: where.cacheDir, models, tasks };
}

/** Token counts of a tokenized split's examples (already cut at the task's maxLength). */
async function exampleLengths(dir: string): Promise<Int32Array> {
  const split = await readTokenizedSplit(dir);
  return splitLengths(split, split.meta.maxLength);
}

/** The real token counts of every prepared model × task's training examples, as the planner takes them. */
export function trainLengthsOf(inputs: PreparedInputs): (modelId: string, taskId: string) => Int32Array | undefined {
  return (modelId, taskId) => inputs.tasks.get(preparedKey(modelId, taskId))?.train.lengths;
}
