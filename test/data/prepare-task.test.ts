/** End to end: suite task → sources → split protocol → tokenized train/dev, test only on request. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/errors.ts';
import { resolveDataLocations } from '../../src/data/locations.ts';
import { prepareTask } from '../../src/data/prepare-task.ts';
import { scoreMetrics } from '../../src/metrics/score.ts';
import { scoreTestSplit } from '../../src/metrics/score-test.ts';
import { convertLlama2c } from '../../src/models/llama2c.ts';
import type { SuiteTask } from '../../src/types/suite.ts';
import { tempDir } from './temp-dirs.ts';

const wordpiece = fileURLToPath(new URL('../fixtures/data/tokenizers/wordpiece/tokenizer.json', import.meta.url));
const userError = (pattern: RegExp) => (error: unknown) => error instanceof UserError && pattern.test(error.message);
const offline = () => resolveDataLocations({ HF_HUB_OFFLINE: '1', REFTBENCH_CACHE_DIR: tempDir('prep') }, '/');

const synthetic: SuiteTask = {
  id: 'toy-sentiment',
  source: 'synthetic:sentiment@5',
  type: 'classification',
  numLabels: 2,
  metrics: [{ name: 'accuracy', direction: 'max' }],
  maxLength: 16,
  split: { train: { of: 'train', limit: 100 }, dev: { of: 'train', size: 32, seed: 1 }, test: { of: 'validation' } },
  examples: { train: 200, validation: 40 },
};

test('a synthetic task is prepared offline; test files appear only when asked for', async () => {
  const where = offline();
  const prepared = await prepareTask(synthetic, { where, baseDir: '/', tokenizerFile: wordpiece });
  assert.equal(prepared.train.meta.numExamples, 100);
  assert.equal(prepared.dev.meta.numExamples, 32);
  assert.equal(readdirSync(join(where.cacheDir, 'tokenized')).length, 2);
  const devLabels = prepared.dev.references;
  assert.equal(scoreMetrics(synthetic.metrics, { kind: 'values', values: devLabels.values as ArrayLike<number> }, devLabels).accuracy, 1);
  const test = await prepared.testFiles();
  assert.equal(test.meta.numExamples, 40);
  assert.equal(test.meta.files.labels, undefined);
  assert.equal(readdirSync(join(where.cacheDir, 'tokenized')).length, 3);
  const again = await prepareTask(synthetic, { where, baseDir: '/', tokenizerFile: wordpiece });
  assert.equal(again.train.dir, prepared.train.dir);
  const constant = scoreTestSplit(prepared.splits.test, synthetic.metrics, { kind: 'values', values: new Array(40).fill(1) });
  assert.ok(constant.accuracy! > 0.2 && constant.accuracy! < 0.8);
});

test('a JSONL task relative to the suite folder; a missing file is named', async () => {
  const base = tempDir('jsonl');
  mkdirSync(join(base, 'qa'));
  const lines = (n: number) => Array.from({ length: n }, (_, i) => JSON.stringify({ prompt: `Q${i}?`, response: ` A${i}.` })).join('\n');
  writeFileSync(join(base, 'qa', 'train.jsonl'), lines(10));
  const task: SuiteTask = {
    id: 'qa', source: 'jsonl:qa', type: 'causal_lm', metrics: [{ name: 'loss', direction: 'min' }], maxLength: 24,
    split: { train: { of: 'train' }, dev: { of: 'train', size: 2 }, test: { of: 'validation' } },
  };
  await assert.rejects(prepareTask(task, { where: offline(), baseDir: base, tokenizerFile: wordpiece }), userError(/task qa: .*qa\/validation\.jsonl does not exist/));
  writeFileSync(join(base, 'qa', 'validation.jsonl'), lines(3));
  const prepared = await prepareTask(task, { where: offline(), baseDir: base, tokenizerFile: wordpiece });
  assert.equal(prepared.train.meta.files.promptLengths, 'prompt_lengths.i32');
  assert.equal((await prepared.testFiles()).meta.files.promptLengths, 'prompt_lengths.i32');
});

test('a task whose type does not match its source, and an unknown generator', async () => {
  await assert.rejects(prepareTask({ ...synthetic, type: 'regression' }, { where: offline(), baseDir: '/', tokenizerFile: wordpiece }),
    userError(/task toy-sentiment: its type is "regression" but synthetic:sentiment@5 is a classification task/));
  await assert.rejects(prepareTask({ ...synthetic, source: 'synthetic:nope@1' }, { where: offline(), baseDir: '/', tokenizerFile: wordpiece }),
    userError(/unknown synthetic generator "nope"/));
  await assert.rejects(prepareTask({ ...synthetic, source: 'glue/stsb', type: 'classification' }, { where: offline(), baseDir: '/', tokenizerFile: wordpiece }),
    userError(/glue\/stsb is a regression task/));
});

const dataDir = process.env.REFTBENCH_DATA_DIR;
test('real GLUE RTE subset with the stories260K tokenizer', dataDir === undefined ? { skip: 'REFTBENCH_DATA_DIR is not set' } : {}, async () => {
  const model = join(dataDir!, 'models', 'stories260K');
  const dir = tempDir('stories');
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(convertLlama2c(join(model, 'stories260K.bin'), join(model, 'tok512.bin')).tokenizer));
  const where = resolveDataLocations({ REFTBENCH_DATA_DIR: dataDir, HF_HUB_OFFLINE: '1', REFTBENCH_CACHE_DIR: tempDir('prep') }, '/');
  const task: SuiteTask = {
    id: 'rte-mini', source: 'glue/rte', type: 'classification', numLabels: 2, metrics: [{ name: 'accuracy', direction: 'max' }], maxLength: 64,
    split: { train: { of: 'train', limit: 200 }, dev: { of: 'train', size: 50, seed: 0 }, test: { of: 'validation' } },
  };
  const prepared = await prepareTask(task, { where, baseDir: '/', tokenizerFile: join(dir, 'tokenizer.json') });
  assert.equal(prepared.train.meta.numExamples, 200);
  assert.equal(prepared.dev.meta.numExamples, 50);
  assert.equal(prepared.train.meta.longest, 64);
  assert.equal((await prepared.testFiles()).meta.numExamples, 277);
});
