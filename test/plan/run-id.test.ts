/**
 * The one run-id scheme (src/plan/run-id.ts): a readable prefix and a hash of the resolved spec with
 * the method and engine versions — independent of key order, the suite file's hash, where the
 * tokenized folders live and (under a seconds rule) the step cap; changed by anything that changes
 * what runs, including the data's declared identity.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../../src/plan/canonical-json.ts';
import { dataKeyOf, runIdOf, versionsOf } from '../../src/plan/run-id.ts';
import type { RunSpec } from '../../src/types/run-spec.ts';
import type { SuiteTask } from '../../src/types/suite.ts';

const spec = (over: Partial<RunSpec> = {}): RunSpec => ({
  schemaVersion: 1, runId: 'x', suite: { name: 's', hash: 'h1' }, phase: 'trial', trial: 0, seed: 0,
  model: { id: 'm', source: 'tiny:bert@0', family: 'encoder', dtype: 'float32', arch: {} as RunSpec['model']['arch'] },
  task: { id: 't', type: 'classification', numLabels: 2, maxLength: 8, metrics: [{ name: 'accuracy', direction: 'max' }], selectionMetric: { name: 'accuracy', direction: 'max' }, dataKey: '0123456789abcdef' },
  method: { id: 'full', kind: 'full', hparams: {} },
  training: { steps: 3, batchSize: 2, evalBatchSize: 2, lr: 1e-3, weightDecay: 0, warmupRatio: 0, schedule: 'linear', maxGradNorm: 1, optimizer: { name: 'adamw', betas: [0.9, 0.999], eps: 1e-8 } },
  backend: { name: 'ort', threads: 0, deterministic: true },
  ...over,
});
const v = { method: 'full@1', engine: 'ort-1' };

test('canonical JSON ignores key order', () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
});

test('the id names model, task, method and trial or seed, then the hash', () => {
  assert.match(runIdOf(spec(), v), /^m\.t\.full\.trial0\.[0-9a-f]{12}$/);
  assert.match(runIdOf(spec({ phase: 'final', seed: 7 }), v), /^m\.t\.full\.seed7\.[0-9a-f]{12}$/);
});

test('the suite file hash, the local data folders and the spec id field do not change the id', () => {
  const id = runIdOf(spec(), v);
  assert.equal(runIdOf(spec({ runId: 'other' }), v), id);
  assert.equal(runIdOf(spec({ suite: { name: 's', hash: 'h2' } }), v), id);
  assert.equal(runIdOf(spec({ data: { train: '/elsewhere/k1', dev: '/elsewhere/k2', test: '/x/k3' } }), v), id);
});

test('anything that changes what runs changes the id: seed, data identity, suite name, versions, steps', () => {
  const id = runIdOf(spec(), v);
  assert.notEqual(runIdOf(spec({ seed: 1 }), v), id);
  assert.notEqual(runIdOf(spec({ task: { ...spec().task, dataKey: 'fedcba9876543210' } }), v), id);
  assert.notEqual(runIdOf(spec({ suite: { name: 'other', hash: 'h1' } }), v), id);
  assert.notEqual(runIdOf(spec(), { ...v, engine: 'ort-2' }), id);
  assert.notEqual(runIdOf(spec(), { ...v, method: 'full@2' }), id);
  assert.notEqual(runIdOf(spec({ backend: { name: 'torch', threads: 0, deterministic: true } }), v), id);
  assert.notEqual(runIdOf(spec({ training: { ...spec().training, steps: 4 } }), v), id);
});

test('under a seconds rule the step count (an estimate, or the runner cap) is not part of the id', () => {
  const timed = (steps: number) => spec({ training: { ...spec().training, steps, secondsBudget: 60 } });
  assert.equal(runIdOf(timed(10), v), runIdOf(timed(1_000_000), v));
  assert.notEqual(runIdOf(timed(10), v), runIdOf(spec({ training: { ...spec().training, steps: 10, secondsBudget: 30 } }), v));
});

test('default versions are the method kind@version and the named backend\'s engine version', () => {
  const versions = versionsOf(spec());
  assert.match(versions.method, /^full@\d+$/);
  assert.match(versions.engine, /^ort-\d+\+embedding-grad-\d+\+onnxruntime-node@/, 'full fine-tuning carries the embedding-gradient fix');
  assert.match(versionsOf(spec({ method: { id: 'lora', kind: 'lora', hparams: {} } })).engine, /^ort-\d+\+onnxruntime-node@/);
  assert.equal(runIdOf(spec()), runIdOf(spec(), versions));
});

test('the data key depends on source, split protocol, declared sizes and length, and nothing else', () => {
  const task: SuiteTask = {
    id: 'a', source: 'glue/sst2', type: 'classification', numLabels: 2, maxLength: 16,
    metrics: [{ name: 'accuracy', direction: 'max' }],
    split: { train: { of: 'train' }, dev: { of: 'train', size: 24, seed: 0 }, test: { of: 'validation' } },
  };
  const key = dataKeyOf(task);
  assert.match(key, /^[0-9a-f]{16}$/);
  assert.equal(dataKeyOf({ ...task, id: 'renamed' } as SuiteTask), key);
  assert.notEqual(dataKeyOf({ ...task, source: 'glue/rte' }), key);
  assert.notEqual(dataKeyOf({ ...task, split: { ...task.split, dev: { of: 'train', size: 24, seed: 1 } } }), key);
  assert.notEqual(dataKeyOf({ ...task, maxLength: 32 }), key);
  assert.notEqual(dataKeyOf({ ...task, examples: { train: 100 } }), key);
});
