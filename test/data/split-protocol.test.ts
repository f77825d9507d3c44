/** The split protocol: seeded, disjoint, deterministic roles; bad settings are user errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.ts';
import type { ExampleSet } from '../../src/data/examples.ts';
import { applySplitProtocol } from '../../src/data/split-protocol.ts';
import { SeededRandom } from '../../src/data/seeded-random.ts';

const set = (n: number, tag: string): ExampleSet => ({
  kind: 'classification',
  labelNames: ['no', 'yes'],
  examples: Array.from({ length: n }, (_, i) => ({ text: `${tag}${i}`, label: i % 2 })),
});
const sources = { train: set(100, 't'), validation: set(40, 'v') };
const userError = (pattern: RegExp) => (error: unknown) => error instanceof UserError && pattern.test(error.message);

test('default protocol: dev carved from train by seed, test = the whole validation set', () => {
  const splits = applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'train', size: 10, seed: 3 }, test: { of: 'validation' } }, sources);
  assert.equal(splits.dev.sourceIndices.length, 10);
  assert.equal(splits.train.sourceIndices.length, 90);
  assert.equal(splits.test.inputs.length, 40);
  const overlap = splits.dev.sourceIndices.filter((i) => splits.train.sourceIndices.includes(i));
  assert.deepEqual(overlap, []);
  assert.deepEqual([...splits.dev.sourceIndices], [...splits.dev.sourceIndices].sort((a, b) => a - b));
  // Same seed → same carve; other seed → another carve.
  const again = applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'train', size: 10, seed: 3 }, test: { of: 'validation' } }, sources);
  assert.deepEqual(again.dev.sourceIndices, splits.dev.sourceIndices);
  const other = applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'train', size: 10, seed: 4 }, test: { of: 'validation' } }, sources);
  assert.notDeepEqual(other.dev.sourceIndices, splits.dev.sourceIndices);
});

test('fraction and train limit', () => {
  const splits = applySplitProtocol('toy', { train: { of: 'train', limit: 25 }, dev: { of: 'train', fraction: 0.2 }, test: { of: 'validation' } }, sources);
  assert.equal(splits.dev.sourceIndices.length, 20);
  assert.equal(splits.train.sourceIndices.length, 25);
  assert.ok(splits.train.sourceIndices.every((i) => !splits.dev.sourceIndices.includes(i)));
  assert.equal(splits.train.examples.examples.length, 25);
});

test("ReFT paper's protocol: validation split by seed into dev and test", () => {
  const splits = applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'validation', size: 15, seed: 42 }, test: { of: 'validation' } }, sources);
  assert.equal(splits.train.sourceIndices.length, 100);
  assert.equal(splits.dev.source, 'validation');
  assert.equal(splits.dev.sourceIndices.length, 15);
  assert.equal(splits.test.inputs.length, 25);
  const all = [...splits.dev.sourceIndices, ...splits.test.sourceIndices].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: 40 }, (_, i) => i));
});

test('a carved test part and a dev that takes the rest', () => {
  const splits = applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'validation' }, test: { of: 'validation', size: 30 } }, sources);
  assert.equal(splits.test.inputs.length, 30);
  assert.equal(splits.dev.sourceIndices.length, 10);
});

test('bad protocols: too large, overlapping, missing source split, empty role', () => {
  assert.throws(() => applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'train', size: 500 }, test: { of: 'validation' } }, sources),
    userError(/task toy: the split protocol asks for 500 dev examples but only 100 are available/));
  assert.throws(() => applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'validation' }, test: { of: 'validation' } }, sources),
    userError(/dev and test both take what is left of "validation"/));
  assert.throws(() => applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'train', size: 5 }, test: { of: 'test' } }, sources),
    userError(/from the "test" split, which this task's source does not have/));
  assert.throws(() => applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'train', size: 100 }, test: { of: 'validation' } }, sources),
    userError(/leaves no train examples/));
  assert.throws(() => applySplitProtocol('toy', { train: { of: 'train' }, dev: { of: 'train', fraction: 1.5 }, test: { of: 'validation' } }, sources),
    userError(/dev\.fraction = 1\.5 must be a fraction/));
});

test('seeded random streams are reproducible and separated by purpose', () => {
  const a = new SeededRandom(7, 'x');
  const b = new SeededRandom(7, 'x');
  const c = new SeededRandom(7, 'y');
  const take = (r: SeededRandom) => Array.from({ length: 5 }, () => r.next());
  const first = take(a);
  assert.deepEqual(take(b), first);
  assert.notDeepEqual(take(c), first);
  assert.ok(first.every((v) => v >= 0 && v < 1));
  assert.deepEqual(new SeededRandom(1).shuffled([1, 2, 3, 4, 5]).sort(), [1, 2, 3, 4, 5]);
});
