/** Small pieces of validation: did-you-mean, JSON positions, search-space enumeration and sampling. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { didYouMean, editDistance } from '../../src/suite/did-you-mean.ts';
import { parseJsonDocument } from '../../src/suite/json-text.ts';
import { boundingValues, gridConfigs, gridSize, sampleConfig } from '../../src/suite/search-space.ts';
import { mulberry32 } from '../../src/plan/rng.ts';

test('did-you-mean finds typos (swaps count as one edit) and stays silent for unrelated words', () => {
  assert.equal(editDistance('rnak', 'rank'), 1);
  assert.equal(didYouMean('lorra', ['loreft', 'lora', 'dora']), 'lora');
  assert.equal(didYouMean('LoRA', ['loreft', 'lora']), 'lora');
  assert.equal(didYouMean('banana', ['loreft', 'lora', 'dora']), undefined);
});

test('JSON positions: values, property names, missing fields (their parent) and syntax errors', () => {
  const text = '{\n  "a": [1, {"b": true}],\n  "c": "x"\n}\n';
  const parsed = parseJsonDocument(text);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.doc.locate('/a/1/b'), { line: 2, column: 18 });
  assert.deepEqual(parsed.doc.locate('/c', { key: true }), { line: 3, column: 3 });
  assert.deepEqual(parsed.doc.locate('/a/1/missing'), { line: 2, column: 12 });
  const bad = parseJsonDocument('{\n  "a": 1,\n}');
  assert.equal(bad.ok, false);
  if (!bad.ok) assert.deepEqual(bad.position, { line: 3, column: 1 });
  assert.equal(parseJsonDocument('{"a": 1} // note').ok, false, 'comments are not JSON');
  assert.equal(parseJsonDocument('').ok, false);
});

test('grids: lists and grid points multiply; log ranges are geometric; integers are rounded and deduplicated', () => {
  const space = { rank: [1, 2], lr: { min: 1e-4, max: 1e-2, scale: 'log' as const, gridPoints: 3 } };
  assert.equal(gridSize(space), 6);
  const grid = gridConfigs(space)!;
  assert.equal(grid.length, 6);
  // Names are taken in sorted order, the first (lr) slowest.
  assert.deepEqual(grid.map((c) => c.rank), [1, 2, 1, 2, 1, 2]);
  assert.ok(Math.abs((grid[2]!.lr as number) - 1e-3) < 1e-12);
  assert.deepEqual(gridConfigs({ rank: { min: 1, max: 2, gridPoints: 5 } }), [{ rank: 1 }, { rank: 2 }]);
  assert.equal(gridConfigs({ lr: { min: 0.1, max: 1 } }), undefined);
  assert.deepEqual(boundingValues('rank', { min: 2, max: 64, scale: 'log' }), [2, 64]);
});

test('random draws are reproducible from the seed and stay in range', () => {
  const space = { lr: { min: 1e-5, max: 1e-2, scale: 'log' as const }, rank: { min: 1, max: 16 }, dropout: [0, 0.1] };
  const a = Array.from({ length: 50 }, ((r) => () => sampleConfig(space, r))(mulberry32(7)));
  const b = Array.from({ length: 50 }, ((r) => () => sampleConfig(space, r))(mulberry32(7)));
  assert.deepEqual(a, b);
  for (const c of a) {
    assert.ok((c.lr as number) >= 1e-5 && (c.lr as number) <= 1e-2);
    assert.ok(Number.isInteger(c.rank) && (c.rank as number) >= 1 && (c.rank as number) <= 16);
    assert.ok(c.dropout === 0 || c.dropout === 0.1);
  }
});
