/** Run ids hash the resolved spec with method and engine versions, not key order or where the cache lives. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson, computeRunId } from '../../src/run/run-id.ts';
import type { RunSpec } from '../../src/types/run-spec.ts';

const spec = (over: Partial<RunSpec> = {}): RunSpec => ({
  schemaVersion: 1, runId: 'x', suite: { name: 's', hash: 'h1' }, phase: 'trial', trial: 0, seed: 0,
  model: { id: 'm', source: 'tiny:bert@0', family: 'encoder', dtype: 'float32', arch: {} as RunSpec['model']['arch'] },
  task: { id: 't', type: 'classification', numLabels: 2, maxLength: 8, metrics: [{ name: 'accuracy', direction: 'max' }], selectionMetric: { name: 'accuracy', direction: 'max' } },
  method: { id: 'full', kind: 'full', hparams: {} },
  training: { steps: 3, batchSize: 2, evalBatchSize: 2, lr: 1e-3, weightDecay: 0, warmupRatio: 0, schedule: 'linear', maxGradNorm: 1, optimizer: { name: 'adamw', betas: [0.9, 0.999], eps: 1e-8 } },
  data: { train: '/a/cache/tokenized/k1', dev: '/a/cache/tokenized/k2' },
  backend: { name: 'ort', threads: 0, deterministic: true },
  ...over,
});
const v = { method: 'full@1', engine: 'ort-1' };

test('canonical JSON ignores key order', () => {
  assert.equal(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }), canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
});

test('the id is readable and stable, and ignores the suite hash and the cache location', () => {
  const id = computeRunId(spec(), v);
  assert.match(id, /^m\.t\.full\.trial0\.[0-9a-f]{12}$/);
  assert.equal(computeRunId(spec({ suite: { name: 's', hash: 'other' } }), v), id);
  assert.equal(computeRunId(spec({ data: { train: '/elsewhere/k1', dev: '/elsewhere/k2' } }), v), id);
});

test('anything that changes the run changes the id', () => {
  const id = computeRunId(spec(), v);
  assert.notEqual(computeRunId(spec({ seed: 1 }), v), id);
  assert.notEqual(computeRunId(spec({ data: { train: '/a/k9', dev: '/a/k2' } }), v), id);
  assert.notEqual(computeRunId(spec(), { ...v, engine: 'ort-2' }), id);
  assert.notEqual(computeRunId(spec(), { ...v, method: 'full@2' }), id);
  assert.match(computeRunId(spec({ phase: 'final', seed: 7 }), v), /\.seed7\./);
});
