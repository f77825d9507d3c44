/**
 * Generated ids become text the same way on both backends (src/backends/generated-text.ts): the
 * end-of-sequence tokens are the tokenizer's plus every eos_token_id of config.json, and a
 * continuation is cut at the first of them, so a backend that stopped at a config-only end token
 * (the torch worker) and one that stopped at the tokenizer's give the same text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configEosTokenIds, cutAtEos, loadGeneratedText } from '../../src/backends/generated-text.ts';
import { writeHfDir } from '../../src/models/hf-write.ts';
import { generateTinyModel } from '../../src/models/tiny.ts';

test('config.json eos_token_id: an id, a list, or nothing usable', () => {
  assert.deepEqual(configEosTokenIds({ eos_token_id: 2 }), [2]);
  assert.deepEqual(configEosTokenIds({ eos_token_id: [128001, 128009] }), [128001, 128009]);
  assert.deepEqual(configEosTokenIds({ eos_token_id: null }), []);
  assert.deepEqual(configEosTokenIds({ eos_token_id: ['2', -1, 1.5] }), []);
  assert.deepEqual(configEosTokenIds({}), []);
  assert.deepEqual(configEosTokenIds('not an object'), []);
});

test('a continuation is cut at the first of the end tokens, whichever it is', () => {
  assert.deepEqual(cutAtEos([5, 6, 9, 7, 2], [2, 9]), [5, 6]);
  assert.deepEqual(cutAtEos([5, 6], [2, 9]), [5, 6]);
  assert.deepEqual(cutAtEos([5, 6], []), [5, 6]);
});

test('a model whose config lists a second end token: the text stops there as it would at the tokenizer\'s', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-generated-text-'));
  try {
    const contents = generateTinyModel('llama', 1);
    const tokenizerEos = (contents.config as { eos_token_id?: number }).eos_token_id;
    assert.equal(typeof tokenizerEos, 'number');
    const secondEos = 40;
    writeHfDir(dir, { ...contents, config: { ...contents.config, eos_token_id: [tokenizerEos, secondEos] } });
    const text = await loadGeneratedText(dir);
    assert.deepEqual([...text.eosTokenIds].sort((a, b) => a - b), [tokenizerEos!, secondEos].sort((a, b) => a - b));
    const words = [30, 31, 32];
    assert.notEqual(text.text(words), '');
    assert.notEqual(text.text([33, 34]), '', 'the tokens after the end token would change the text');
    assert.equal(text.text([...words, secondEos, 33, 34]), text.text(words));
    assert.equal(text.text([...words, tokenizerEos!, 33, 34]), text.text(words));
    assert.equal(text.text([secondEos, 33]), '');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
