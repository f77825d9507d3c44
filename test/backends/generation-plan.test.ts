/**
 * The generation plan (src/backends/generation-plan.ts): a run generates on the splits its metrics
 * need, and before training it refuses a split whose prompts leave the answer fewer than
 * maxNewTokens positions — a prompt longer than maxLength − maxNewTokens would get a shortened
 * answer, and one cut at maxLength has lost its end — with a message naming the suite, the task and
 * the two fields to change. A split whose prompts fit passes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkGenerationRoom, generationRoomProblem, generationSplits, promptLength } from '../../src/backends/generation-plan.ts';
import { readTokenizedSplit } from '../../src/data/tokenized-split.ts';
import { isUserError } from '../../src/errors.ts';
import type { RunSpec } from '../../src/types/run-spec.ts';
import { PARITY_SETTINGS, PROMPT_LENGTHS, parityRunSpec, writeParityModel, writeParitySplit } from '../parity/parity-fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'reftbench-generation-plan-'));
const model = writeParityModel(dir, 'decoder');
const devDir = writeParitySplit(dir, model.arch, 'decoder', 'dev', true);

/** A causal-LM trial selected by exact match (so it generates on dev) with `maxNewTokens`. */
async function spec(maxNewTokens: number): Promise<RunSpec> {
  const dev = await devDir;
  const s = parityRunSpec({ family: 'decoder', model, kind: 'loreft', hparams: { rank: 2, layers: [1], positions: 'f1+l1', tied: false, dropout: 0, act: 'identity' }, lr: 1e-2, train: dev, dev, initParams: 'unused' });
  delete s.initParams;
  const exactMatch = { name: 'exact_match' as const, direction: 'max' as const };
  s.task = { ...s.task, metrics: [exactMatch], selectionMetric: exactMatch, generation: { maxNewTokens, extract: 'first_word' } };
  return s;
}

test('prompt lengths are what generation continues: the prompt part, never more than the example', async () => {
  const split = await readTokenizedSplit(await devDir);
  assert.deepEqual(Array.from({ length: split.meta.numExamples }, (_, i) => promptLength(split, i)), PROMPT_LENGTHS);
});

test('prompts that leave maxNewTokens positions pass; one that does not is refused with the fields to change', async () => {
  const longest = Math.max(...PROMPT_LENGTHS);
  const fits = await spec(PARITY_SETTINGS.seqLen - longest);
  assert.deepEqual(generationSplits(fits), { dev: true, test: true });
  await checkGenerationRoom(fits);

  const tight = await spec(PARITY_SETTINGS.seqLen - longest + 1);
  const problem = generationRoomProblem(tight, 'dev', await readTokenizedSplit(await devDir));
  assert.ok(problem !== undefined);
  assert.match(problem, /suite "parity", task "parity": 1 of 4 dev prompts have more than maxLength − generation.maxNewTokens = 5 tokens \(the longest has 6\)/);
  assert.match(problem, /raise "maxLength" to at least 13 or lower "generation.maxNewTokens" to at most 6/);
  await assert.rejects(checkGenerationRoom(tight), (error: unknown) => isUserError(error) && (error as Error).message === problem);
});

test('a prompt that fills maxLength is called cut, and a run that generates on no split is not checked', async () => {
  const full = await spec(PARITY_SETTINGS.seqLen - 1);
  const split = await readTokenizedSplit(await devDir);
  const filled = { ...split, promptLengths: Int32Array.from([12, 3, 5, 2]) };
  assert.match(generationRoomProblem(full, 'dev', filled)!, /4 of 4 dev prompts .*the longest fills all 12, its end cut off/);
  const lossOnly = await spec(PARITY_SETTINGS.seqLen - 1);
  lossOnly.task = { ...lossOnly.task, metrics: [{ name: 'loss', direction: 'min' }], selectionMetric: { name: 'loss', direction: 'min' } };
  await checkGenerationRoom(lossOnly);
});
