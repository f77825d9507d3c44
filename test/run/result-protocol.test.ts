/** The protocol each result states in words names GLUE's dev set only for GLUE tasks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { protocolOf } from '../../src/run/result-record.ts';
import type { Suite } from '../../src/types/suite.ts';
import { fixtures } from './helpers.ts';

test('a validation split is "GLUE dev" for a GLUE task and plain "validation set" for a synthetic one', () => {
  const suite = JSON.parse(readFileSync(join(fixtures, 'tiny-lm-generate.json'), 'utf8')) as Suite;
  const synthetic = protocolOf(suite, 'recall');
  assert.equal(synthetic.split.dev, 'the source validation set, except any part carved from it for another role');
  assert.doesNotMatch(JSON.stringify(synthetic), /GLUE/);
  const glue: Suite = { ...suite, tasks: [{ ...suite.tasks[0]!, id: 'sst2', source: 'glue/sst2', split: { train: { of: 'train' }, dev: { of: 'train', size: 64 }, test: { of: 'validation' } } }] };
  const real = protocolOf(glue, 'sst2');
  assert.equal(real.split.test, 'the source validation set (GLUE dev), except any part carved from it for another role');
  assert.equal(real.split.dev, '64 examples carved from the source train split (seed 0) for dev');
});
