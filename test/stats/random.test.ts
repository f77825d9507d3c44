import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom, seedFromString } from '../../src/stats/random.ts';

test('the same seed gives the same sequence, another seed another one', () => {
  const a = createRandom(42);
  const b = createRandom(42);
  const c = createRandom(43);
  const seqA = Array.from({ length: 8 }, () => a.next());
  const seqB = Array.from({ length: 8 }, () => b.next());
  const seqC = Array.from({ length: 8 }, () => c.next());
  assert.deepEqual(seqA, seqB);
  assert.notDeepEqual(seqA, seqC);
});

test('uniform numbers lie in [0, 1) and integers in [0, n) with roughly equal frequencies', () => {
  const random = createRandom(7);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 40000; i++) {
    const x = random.next();
    assert.ok(x >= 0 && x < 1);
    counts[random.int(4)]! += 1;
  }
  for (const count of counts) assert.ok(Math.abs(count - 10000) < 400, `count ${count} far from 10000`);
});

test('string seeds are stable and distinguish names', () => {
  assert.equal(seedFromString('sst2/loreft'), seedFromString('sst2/loreft'));
  assert.notEqual(seedFromString('sst2/loreft'), seedFromString('sst2/lora'));
  assert.notEqual(seedFromString('x', 1), seedFromString('x', 2));
});

test('fillInts gives the same values as repeated int calls', () => {
  const a = createRandom(9);
  const b = createRandom(9);
  const out = new Uint32Array(50);
  a.fillInts(out, 37);
  assert.deepEqual(Array.from(out), Array.from({ length: 50 }, () => b.int(37)));
});
