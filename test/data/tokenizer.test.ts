/**
 * Tokenization against the Rust `tokenizers` library: small tokenizers trained by
 * test/fixtures/data/make_fixtures.py, with the ids and type ids the Rust library gave for single
 * texts and pairs under longest_first truncation. Plus stories260K's tokenizer.json once converted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/errors.ts';
import { loadTokenizer } from '../../src/data/tokenizer.ts';
import { longestFirstLengths } from '../../src/data/truncation.ts';
import { convertLlama2c } from '../../src/models/llama2c.ts';
import { tempDir } from './temp-dirs.ts';

const fixtures = fileURLToPath(new URL('../fixtures/data/tokenizers/', import.meta.url));
interface Case { text: string; textPair: string | null; maxLength: number; ids: number[]; typeIds: number[] }
const expected = JSON.parse(readFileSync(join(fixtures, 'expected-encodings.json'), 'utf8')) as Record<string, Case[]>;

for (const name of ['wordpiece', 'bytelevel-bpe']) {
  test(`${name}: same ids and type ids as the Rust tokenizers library, truncation included`, async () => {
    const tokenizer = await loadTokenizer(join(fixtures, name, 'tokenizer.json'));
    const cases = expected[name]!;
    assert.ok(cases.some((c) => c.textPair !== null && c.ids.length === c.maxLength), 'fixture has truncated pairs');
    for (const c of cases) {
      const got = tokenizer.encode(c.text, c.textPair ?? undefined, c.maxLength);
      assert.deepEqual(got.ids, c.ids, `${name}: ${c.text} | ${c.textPair} @${c.maxLength}`);
      if (name === 'wordpiece') assert.deepEqual(got.typeIds, c.typeIds);
    }
  });
}

test('longest_first lengths follow the Rust rule', () => {
  assert.deepEqual(longestFirstLengths(10, undefined, 4), [4, 0]);
  assert.deepEqual(longestFirstLengths(3, 20, 10), [3, 7]);
  assert.deepEqual(longestFirstLengths(20, 3, 10), [7, 3]);
  assert.deepEqual(longestFirstLengths(8, 9, 7), [3, 4]);
  assert.deepEqual(longestFirstLengths(9, 8, 7), [4, 3]);
  assert.deepEqual(longestFirstLengths(2, 2, 0), [0, 0]);
});

test('a max length shorter than the special tokens still fits', async () => {
  const tokenizer = await loadTokenizer(join(fixtures, 'wordpiece', 'tokenizer.json'));
  assert.equal(tokenizer.encode('The quick brown fox.', 'A man.', 2).ids.length, 2);
  assert.equal(tokenizer.encode('The quick brown fox.', undefined, 1).ids.length, 1);
});

test('fingerprint depends on the tokenizer file', async () => {
  const a = await loadTokenizer(join(fixtures, 'wordpiece', 'tokenizer.json'));
  const b = await loadTokenizer(join(fixtures, 'bytelevel-bpe', 'tokenizer.json'));
  assert.match(a.fingerprint, /^[0-9a-f]{64}$/);
  assert.notEqual(a.fingerprint, b.fingerprint);
  assert.equal((await loadTokenizer(join(fixtures, 'wordpiece', 'tokenizer.json'))).fingerprint, a.fingerprint);
});

test('causal LM: prompt then response and EOS, loss from the prompt length on', async () => {
  const tokenizer = await loadTokenizer(join(fixtures, 'bytelevel-bpe', 'tokenizer.json'));
  assert.equal(tokenizer.eosTokenId, 2);
  const full = tokenizer.encodeCausal('The quick brown', ' fox jumps.', 64);
  const prompt = tokenizer.encodeCausal('The quick brown', undefined, 64);
  assert.deepEqual(full.ids.slice(0, prompt.ids.length - 1), prompt.ids.slice(0, -1)); // RoBERTa template ends with </s>
  assert.equal(full.ids[full.ids.length - 1], 2);
  assert.ok(full.promptLength > 1 && full.promptLength < full.ids.length);
  const cut = tokenizer.encodeCausal('The quick brown', ' fox jumps.', 3);
  assert.equal(cut.ids.length, 3);
  assert.ok(cut.promptLength <= 3);
});

const dataDir = process.env.REFTBENCH_DATA_DIR;
test('stories260K tokenizer.json (converted from tok512.bin): BOS, byte fallback, pairs', dataDir === undefined ? { skip: 'REFTBENCH_DATA_DIR is not set' } : {}, async () => {
  const model = join(dataDir!, 'models', 'stories260K');
  const contents = convertLlama2c(join(model, 'stories260K.bin'), join(model, 'tok512.bin'));
  const dir = tempDir('tok');
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(contents.tokenizer));
  const tokenizer = await loadTokenizer(join(dir, 'tokenizer.json'));
  const once = tokenizer.encode('Once upon a time', undefined, 32);
  assert.equal(once.ids[0], 1); // BOS
  assert.ok(once.ids.length > 2 && once.ids.length < 10);
  const emoji = tokenizer.encode('a 😀', undefined, 32);
  assert.ok(emoji.ids.some((id) => id >= 3 && id <= 258), 'byte fallback tokens');
  const pair = tokenizer.encode('Lily saw a ball.', 'She was happy.', 8);
  assert.equal(pair.ids.length, 8);
  assert.equal(tokenizer.eosTokenId, 2);
});

test('an unreadable or malformed tokenizer.json is a user error naming the file', async () => {
  const dir = tempDir('tok');
  await assert.rejects(loadTokenizer(join(dir, 'tokenizer.json')), (e: unknown) => e instanceof UserError && /tokenizer\.json: cannot load this tokenizer\.json \(ENOENT\)/.test(e.message));
  writeFileSync(join(dir, 'tokenizer.json'), '{"model": ');
  await assert.rejects(loadTokenizer(join(dir, 'tokenizer.json')), (e: unknown) => e instanceof UserError && /cannot load this tokenizer\.json/.test(e.message));
  assert.ok(!existsSync(join(dir, 'tokenizer_config.json')));
});
