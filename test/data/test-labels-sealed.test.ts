/**
 * Test labels are reachable only by the final scoring step: a test split carries no labels in any
 * form selection code could read, copies of it have none, and only the allowed modules import the
 * label vault (src/data/test-labels.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applySplitProtocol } from '../../src/data/split-protocol.ts';
import { withdrawTestLabels } from '../../src/data/test-labels.ts';
import { scoreTestSplit } from '../../src/metrics/score-test.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const ALLOWED = ['src/data/sealed-test-split.ts', 'src/data/test-tokens.ts', 'src/metrics/score-test.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts|js|mjs|py)$/.test(name) ? [path] : [];
  });
}

const labels = [1, 0, 1, 1, 0, 0, 1, 0];
const splits = () =>
  applySplitProtocol(
    'secret',
    { train: { of: 'train' }, dev: { of: 'train', size: 2 }, test: { of: 'validation' } },
    {
      train: { kind: 'classification', labelNames: ['a', 'b'], examples: [0, 1, 2, 3].map((i) => ({ text: `t${i}`, label: i % 2 })) },
      validation: { kind: 'classification', labelNames: ['a', 'b'], examples: labels.map((label, i) => ({ text: `secret ${i}`, label })) },
    },
  );

test('a test split exposes inputs only: no label in its fields, JSON, or structured clone', () => {
  const { test: split } = splits();
  assert.deepEqual(Object.keys(split).sort(), ['inputs', 'kind', 'labelNames', 'role', 'sourceIndices']);
  for (const input of split.inputs) assert.deepEqual(Object.keys(input), ['text']);
  const json = JSON.stringify(split);
  assert.ok(!/label"\s*:\s*\d/.test(json) && !json.includes('"labels"'));
  const clone = structuredClone(split);
  assert.throws(() => withdrawTestLabels(clone), /not a sealed test split/);
  assert.throws(() => withdrawTestLabels({ ...split }), /not a sealed test split/);
  assert.ok(Object.isFrozen(split) && Object.isFrozen(split.inputs));
});

test('only the final scoring step scores against the sealed labels', () => {
  const { test: split } = splits();
  const perfect = scoreTestSplit(split, [{ name: 'accuracy', direction: 'max' }], { kind: 'values', values: labels });
  assert.equal(perfect.accuracy, 1);
  const flipped = scoreTestSplit(split, [{ name: 'accuracy', direction: 'max' }], { kind: 'values', values: labels.map((l) => 1 - l) });
  assert.equal(flipped.accuracy, 0);
});

test('no module outside the allowed ones imports the label vault', () => {
  const offenders: string[] = [];
  for (const root of ['src', 'scripts', 'bin', 'python', 'worker'].map((d) => join(repo, d))) {
    let files: string[];
    try {
      files = sourceFiles(root);
    } catch {
      continue;
    }
    for (const file of files) {
      const rel = relative(repo, file).split('\\').join('/');
      if (rel === 'src/data/test-labels.ts' || ALLOWED.includes(rel)) continue;
      if (/test-labels(\.ts|\.js)?['"]/.test(readFileSync(file, 'utf8'))) offenders.push(rel);
    }
  }
  assert.deepEqual(offenders, [], `modules that must not reach test labels import src/data/test-labels.ts: ${offenders.join(', ')}`);
});
