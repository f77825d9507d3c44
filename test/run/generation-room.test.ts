/**
 * A task whose prompts leave too little room for its generated answers is refused before any run:
 * one message naming the suite file, the task and what to change, exit code 2, no results folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, reftbench, suiteVariant, tempDir } from './helpers.ts';

test('prompts longer than maxLength − maxNewTokens stop the run before it starts (exit 2, nothing written)', async () => {
  const dir = tempDir('generation-room');
  const suite = suiteVariant(dir, (s) => {
    s.tasks[0]!.maxLength = 12;
    s.tasks[0]!.generation = { maxNewTokens: 8, extract: 'first_word' };
  }, 'suite.json', join(fixtures, 'tiny-lm-generate.json'));
  const results = join(dir, 'results');
  const outcome = await reftbench(['run', suite, '--results', results], join(dir, 'cache'));
  assert.equal(outcome.code, 2, outcome.err.join('\n'));
  const text = outcome.err.join('\n');
  assert.match(text, new RegExp(`${suite.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(task recall\\): .*dev prompts have more than maxLength − generation.maxNewTokens = 4 tokens`));
  assert.match(text, /raise "maxLength" to at least \d+/);
  assert.ok(!existsSync(results), 'nothing is written');
});
