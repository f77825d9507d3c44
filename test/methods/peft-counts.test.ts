/**
 * The planner's counts for the torch-only peft kinds equal the committed fixture
 * (test/fixtures/methods/peft-counts.json), which the worker's pytest checks against what peft 0.21
 * really creates (test/backends/torch/python/test_peft_counts.py): so planner = fixture = peft.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PEFT_COUNT_FIXTURE, peftCountFixture, type PeftCountFixture } from './peft-count-cases.ts';
import { methods } from '../../src/methods/registry.ts';
import { torchOnlyKinds } from '../../src/backends/ort/method-kinds.ts';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');

test('the committed peft-count fixture is what the planner counts (rewrite it with test/methods/write-peft-counts.ts)', () => {
  const committed = JSON.parse(readFileSync(join(root, PEFT_COUNT_FIXTURE), 'utf8')) as PeftCountFixture;
  assert.deepEqual(committed, JSON.parse(JSON.stringify(peftCountFixture())));
  for (const c of committed.cases) {
    assert.equal(methods[c.kind].countParams(c.hparams, committed.archs[c.family]).trainable, c.trainable, `${c.family} ${c.kind}`);
  }
});

test('the fixture takes every torch-only kind on both families', () => {
  const { cases } = peftCountFixture();
  for (const family of ['encoder', 'decoder'] as const) {
    for (const kind of torchOnlyKinds) assert.ok(cases.some((c) => c.family === family && c.kind === kind), `${family} ${kind}`);
  }
});
