/** The tokenized split format: write/read round trip, the cache, labels kept out of test files, a Python reader. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../src/errors.ts';
import { applySplitProtocol } from '../../src/data/split-protocol.ts';
import { tokenizeTestSplit } from '../../src/data/test-tokens.ts';
import { loadTokenizer } from '../../src/data/tokenizer.ts';
import { tokenizeLabelledSplit } from '../../src/data/tokenize-split.ts';
import { exampleIds, readTokenizedSplit } from '../../src/data/tokenized-split.ts';
import { tempDir } from './temp-dirs.ts';

const tokenizerFile = fileURLToPath(new URL('../fixtures/data/tokenizers/wordpiece/tokenizer.json', import.meta.url));
const words = ['the quick brown fox', 'a man is playing a guitar', 'hidden states instead of weights', 'it is a charming journey'];
const splits = () =>
  applySplitProtocol('pairs', { train: { of: 'train' }, dev: { of: 'train', size: 3, seed: 1 }, test: { of: 'validation' } }, {
    train: { kind: 'classification', labelNames: ['no', 'yes'], examples: Array.from({ length: 12 }, (_, i) => ({ text: words[i % 4]!, textPair: words[(i + 1) % 4]!, label: i % 2 })) },
    validation: { kind: 'classification', labelNames: ['no', 'yes'], examples: Array.from({ length: 5 }, (_, i) => ({ text: words[i % 4]!, textPair: words[(i + 2) % 4]!, label: (i + 1) % 2 })) },
  });

test('train/dev splits round-trip through the cache with the same ids as the tokenizer', async () => {
  const cache = tempDir('tok-cache');
  const tokenizer = await loadTokenizer(tokenizerFile);
  const { train } = splits();
  const first = await tokenizeLabelledSplit(cache, 'pairs', train, tokenizer, 10);
  assert.equal(first.fromCache, false);
  const second = await tokenizeLabelledSplit(cache, 'pairs', train, tokenizer, 10);
  assert.equal(second.fromCache, true);
  assert.equal(second.dir, first.dir);
  const read = await readTokenizedSplit(first.dir);
  assert.equal(read.meta.numExamples, 9);
  assert.equal(read.meta.files.labels, 'labels.i32');
  assert.equal(read.meta.files.typeIds, 'type_ids.i32');
  assert.deepEqual([...read.labels!], train.examples.examples.map((e) => ('label' in e ? e.label : -1)));
  assert.deepEqual([...read.sourceIndices], train.sourceIndices);
  const e0 = train.examples.examples[0]!;
  const expected = 'text' in e0 ? tokenizer.encode(e0.text, e0.textPair, 10) : undefined;
  assert.deepEqual([...exampleIds(read, 0)], expected!.ids);
  assert.ok(read.meta.longest <= 10);
  // Another max length is another key.
  const longer = await tokenizeLabelledSplit(cache, 'pairs', train, tokenizer, 32);
  assert.notEqual(longer.dir, first.dir);
  assert.equal(readdirSync(join(cache, 'tokenized')).length, 2);
});

test('a test split file holds no labels', async () => {
  const cache = tempDir('tok-cache');
  const tokenizer = await loadTokenizer(tokenizerFile);
  const { test: split } = splits();
  const { dir, data } = await tokenizeTestSplit(cache, 'pairs', split, [{ name: 'accuracy', direction: 'max' }], tokenizer, 16);
  assert.equal(data.meta.role, 'test');
  assert.equal(data.meta.files.labels, undefined);
  assert.deepEqual(readdirSync(dir).sort(), ['ids.i32', 'meta.json', 'offsets.i32', 'source_indices.i32', 'type_ids.i32']);
});

test('causal-LM splits carry prompt lengths; test prompts without references carry none', async () => {
  const cache = tempDir('tok-cache');
  const tokenizer = await loadTokenizer(tokenizerFile);
  const lm = applySplitProtocol('lm', { train: { of: 'train' }, dev: { of: 'train', size: 1 }, test: { of: 'validation' } }, {
    train: { kind: 'causal_lm', examples: [{ prompt: 'the quick', response: ' brown fox' }, { prompt: 'a man', response: ' is playing' }] },
    validation: { kind: 'causal_lm', examples: [{ prompt: 'hidden states', response: ' instead of weights' }] },
  });
  const train = await tokenizeLabelledSplit(cache, 'lm', lm.train, tokenizer, 16);
  assert.equal(train.data.meta.files.promptLengths, 'prompt_lengths.i32');
  assert.ok(train.data.promptLengths![0]! > 0 && train.data.promptLengths![0]! < train.data.offsets[1]!);
  const bare = await tokenizeTestSplit(cache, 'lm', lm.test, [{ name: 'exact_match', direction: 'max' }], tokenizer, 16);
  assert.equal(bare.data.meta.files.promptLengths, undefined);
  const scored = await tokenizeTestSplit(cache, 'lm', lm.test, [{ name: 'loss', direction: 'min' }], tokenizer, 16);
  assert.equal(scored.data.meta.files.promptLengths, 'prompt_lengths.i32');
  assert.ok(scored.data.meta.totalTokens > bare.data.meta.totalTokens);
});

test('a damaged split folder is a user error naming it', async () => {
  const cache = tempDir('tok-cache');
  const tokenizer = await loadTokenizer(tokenizerFile);
  const { dir } = await tokenizeLabelledSplit(cache, 'pairs', splits().dev, tokenizer, 10);
  writeFileSync(join(dir, 'offsets.i32'), Buffer.alloc(6));
  await assert.rejects(readTokenizedSplit(dir), (e: unknown) => e instanceof UserError && e.message.startsWith(`${dir}: this tokenized split is damaged (offsets.i32 is 6 bytes`));
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ ...meta, version: 2 }));
  await assert.rejects(readTokenizedSplit(dir), (e: unknown) => e instanceof UserError && /does not match schemas\/tokenized-split\.schema\.json/.test(e.message));
  await assert.rejects(readTokenizedSplit(join(cache, 'nope')), (e: unknown) => e instanceof UserError && /meta\.json/.test(e.message));
});

const python = spawnSync('python3', ['--version']).status === 0;
test('the Python side reads the same ids with nothing but the standard library', python ? {} : { skip: 'python3 not found' }, async () => {
  const cache = tempDir('tok-cache');
  const tokenizer = await loadTokenizer(tokenizerFile);
  const { dir, data } = await tokenizeLabelledSplit(cache, 'pairs', splits().train, tokenizer, 12);
  const script = [
    'import json, struct, sys',
    'd = sys.argv[1]; meta = json.load(open(d + "/meta.json"))',
    'read = lambda name, fmt: list(struct.unpack("<%d%s" % (len(open(d + "/" + name, "rb").read()) // 4, fmt), open(d + "/" + name, "rb").read()))',
    'ids = read(meta["files"]["ids"], "i"); off = read(meta["files"]["offsets"], "i"); labels = read(meta["files"]["labels"], "i")',
    'print(json.dumps({"first": ids[off[0]:off[1]], "last": ids[off[-2]:off[-1]], "labels": labels}))',
  ].join('\n');
  const out = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  const fromPython = JSON.parse(out.stdout) as { first: number[]; last: number[]; labels: number[] };
  const n = data.meta.numExamples;
  assert.deepEqual(fromPython.first, [...exampleIds(data, 0)]);
  assert.deepEqual(fromPython.last, [...exampleIds(data, n - 1)]);
  assert.deepEqual(fromPython.labels, [...data.labels!]);
  assert.ok(!existsSync(`${dir}.tmp`));
});
