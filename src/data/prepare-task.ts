/**
 * The data stage's entry point for the runner: one suite task → source splits loaded, split by the
 * task's protocol, train and dev tokenized into the cache (the run spec's `data.train` / `data.dev`),
 * dev references for selection, and the test split tokenized only on request, for final runs.
 *
 *   const prepared = await prepareTask(task, { where, baseDir, tokenizerFile });
 *   trials:  prepared.train.dir, prepared.dev.dir; score dev with scoreMetrics(…, prepared.dev.references)
 *   finals:  (await prepared.testFiles(metrics)).dir; score with scoreTestSplit(prepared.splits.test, …)
 */
import type { References } from '../metrics/score.ts';
import type { SuiteMetric, SuiteTask } from '../types/suite.ts';
import type { TokenizedSplit } from '../types/tokenized-split.ts';
import type { ExampleSet } from './examples.ts';
import type { DataLocations } from './locations.ts';
import { applySplitProtocol, type TaskSplits } from './split-protocol.ts';
import { loadTaskSources } from './task-sources.ts';
import { tokenizeTestSplit } from './test-tokens.ts';
import { loadTokenizer, type TextTokenizer } from './tokenizer.ts';
import { tokenizeLabelledSplit } from './tokenize-split.ts';

export interface TokenizedFiles {
  /** The split folder (meta.json + arrays) to put in a run spec's `data`. */
  dir: string;
  meta: TokenizedSplit;
}

export interface PreparedTask {
  task: SuiteTask;
  splits: TaskSplits;
  tokenizer: TextTokenizer;
  train: TokenizedFiles;
  dev: TokenizedFiles & { references: References };
  /** Tokenizes the sealed test split: call only for final runs. */
  testFiles(metrics?: readonly SuiteMetric[]): Promise<TokenizedFiles>;
}

export interface PrepareOptions {
  where: DataLocations;
  /** Folder that relative `jsonl:` sources are resolved against (the suite file's folder). */
  baseDir: string;
  /** The model's tokenizer.json. */
  tokenizerFile: string;
}

/** Labels (classification, regression) or responses (causal LM) of a labelled role, for scoring. */
export function referencesOf(set: ExampleSet): References {
  return set.kind === 'causal_lm'
    ? { kind: 'text', values: set.examples.map((e) => e.response) }
    : { kind: 'values', values: Float64Array.from(set.examples, (e) => e.label) };
}

export async function prepareTask(task: SuiteTask, options: PrepareOptions): Promise<PreparedTask> {
  const sources = await loadTaskSources(task, options.where, options.baseDir);
  const splits = applySplitProtocol(task.id, task.split, sources);
  const tokenizer = await loadTokenizer(options.tokenizerFile);
  const cacheDir = options.where.cacheDir;
  const train = await tokenizeLabelledSplit(cacheDir, task.id, splits.train, tokenizer, task.maxLength);
  const dev = await tokenizeLabelledSplit(cacheDir, task.id, splits.dev, tokenizer, task.maxLength);
  return {
    task,
    splits,
    tokenizer,
    train: { dir: train.dir, meta: train.data.meta },
    dev: { dir: dev.dir, meta: dev.data.meta, references: referencesOf(splits.dev.examples) },
    async testFiles(metrics = task.metrics) {
      const test = await tokenizeTestSplit(cacheDir, task.id, splits.test, metrics, tokenizer, task.maxLength);
      return { dir: test.dir, meta: test.data.meta };
    },
  };
}
