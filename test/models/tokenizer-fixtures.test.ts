/**
 * The tokenizer.json files this project writes (tiny models, converted stories260K) give, through the
 * project's own tokenizer (src/data/tokenizer.ts), the same ids as the Rust HF tokenizers library
 * recorded in the reference fixtures by scripts/reference-logits.py.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenizerFromJson } from '../../src/data/tokenizer.ts';
import { convertLlama2c } from '../../src/models/llama2c.ts';
import { TINY_KINDS, generateTinyModel } from '../../src/models/tiny.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reference');
const dataDir = process.env.REFTBENCH_DATA_DIR;

function recorded(name: string): { text: string; ids: number[] }[] {
  return (JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { tokenizer: { text: string; ids: number[] }[] }).tokenizer;
}

function check(json: Record<string, unknown>, name: string): void {
  const tokenizer = tokenizerFromJson(json, {}, name, `${name}/tokenizer.json`);
  const cases = recorded(name);
  assert.ok(cases.length >= 4);
  for (const { text, ids } of cases) assert.deepEqual(tokenizer.encode(text, undefined, 512).ids, ids, `${name}: ${text}`);
}

for (const kind of TINY_KINDS) {
  test(`tiny ${kind} tokenizer.json encodes as HF tokenizers does`, () => check(generateTinyModel(kind, 0).tokenizer, `tiny-${kind}-0`));
}

test('converted stories260K tokenizer.json encodes as HF tokenizers does', { skip: dataDir ? false : 'REFTBENCH_DATA_DIR is not set' }, () => {
  const stories = join(dataDir!, 'models', 'stories260K');
  check(convertLlama2c(join(stories, 'stories260K.bin'), join(stories, 'tok512.bin')).tokenizer, 'stories260K');
});
