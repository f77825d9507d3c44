/**
 * The batch schedule both backends train on (src/data/batch-schedule.ts): per-epoch seeded orders,
 * the three last-batch policies, length grouping, the hash, budgets met at the first step that
 * reaches them, and the worker's file format round-tripping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchesPerEpoch, buildSchedule, epochOrder, scheduleForSpec, scheduleProblem, spendOfSteps, stepsToReach, type ScheduleRequest } from '../../src/data/batch-schedule.ts';
import { decodeSchedule, encodeSchedule } from '../../src/data/schedule-file.ts';

const base: ScheduleRequest = { numExamples: 10, batchSize: 4, seed: 7, lastBatch: 'keep' };

test('keep: every epoch is a permutation cut into batches, its short last batch a step of its own', () => {
  const s = buildSchedule(base, 6).steps;
  assert.deepEqual(s.map((b) => b.length), [4, 4, 2, 4, 4, 2]);
  assert.deepEqual([...s.slice(0, 3).flat()].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual([...s.slice(3, 6).flat()].sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.notDeepEqual(s.slice(0, 3).flat(), s.slice(3, 6).flat(), 'a new order each epoch');
  assert.equal(batchesPerEpoch(10, 4, 'keep'), 3);
});

test('drop skips the short batch; fill carries it into the next epoch (the old ort order)', () => {
  const drop = buildSchedule({ ...base, lastBatch: 'drop' }, 4).steps;
  assert.deepEqual(drop.map((b) => b.length), [4, 4, 4, 4]);
  assert.deepEqual(drop[2], epochOrder(base, 1).slice(0, 4), 'the third step starts epoch 1');
  const fill = buildSchedule({ ...base, lastBatch: 'fill' }, 5).steps;
  assert.deepEqual(fill.map((b) => b.length), [4, 4, 4, 4, 4]);
  assert.deepEqual(fill.flat(), [...epochOrder(base, 0), ...epochOrder(base, 1)]);
  assert.equal(batchesPerEpoch(10, 4, 'drop'), 2);
  assert.match(scheduleProblem({ numExamples: 3, batchSize: 4, lastBatch: 'drop' }) ?? '', /no full batch/);
  assert.equal(scheduleProblem({ numExamples: 3, batchSize: 4, lastBatch: 'keep' }), undefined);
});

test('the same request gives the same schedule and hash; another seed, size or policy another hash', () => {
  const a = buildSchedule(base, 5);
  assert.deepEqual(buildSchedule(base, 5), a);
  assert.match(a.hash, /^[0-9a-f]{16}$/);
  assert.notEqual(buildSchedule({ ...base, seed: 8 }, 5).hash, a.hash);
  assert.notEqual(buildSchedule({ ...base, batchSize: 5 }, 5).hash, a.hash);
  assert.notEqual(buildSchedule({ ...base, lastBatch: 'fill' }, 5).hash, a.hash);
  assert.notEqual(buildSchedule(base, 4).hash, a.hash, 'the hash covers every step');
});

test('groupByLength: batches of similar length, the longest example first, still a permutation per epoch', () => {
  const lengths = Array.from({ length: 400 }, (_, i) => 5 + ((i * 37) % 91));
  const req: ScheduleRequest = { numExamples: 400, batchSize: 4, seed: 3, lastBatch: 'keep', lengths, groupByLength: true };
  const steps = buildSchedule(req, 100).steps;
  assert.deepEqual([...steps.flat()].sort((a, b) => a - b), Array.from({ length: 400 }, (_, i) => i));
  assert.equal(lengths[steps[0]![0]!], Math.max(...lengths), 'the longest example leads the first batch');
  const spread = (batches: number[][]) => batches.reduce((a, b) => a + Math.max(...b.map((i) => lengths[i]!)) - Math.min(...b.map((i) => lengths[i]!)), 0) / batches.length;
  const plain = buildSchedule({ ...req, groupByLength: false }, 100).steps;
  assert.ok(spread(steps) < spread(plain) / 4, `grouped batches spread ${spread(steps)} tokens, ungrouped ${spread(plain)}`);
});

test('a budget ends at the first step that reaches it, and the spend of those steps is at least the budget', () => {
  const lengths = Array.from({ length: 10 }, (_, i) => i + 1);
  const req: ScheduleRequest = { ...base, lengths };
  const tokens = (b: readonly number[]) => b.reduce((a, i) => a + lengths[i]!, 0);
  const { steps, spent } = stepsToReach(req, 100, tokens, 1000);
  assert.ok(spent >= 100);
  assert.ok(spendOfSteps(req, steps - 1, tokens) < 100, 'one step fewer is short of the budget');
  assert.equal(spendOfSteps(req, steps, tokens), spent);
  assert.equal(stepsToReach(req, 1e9, tokens, 7).steps, 7, 'capped');
});

test('a seconds rule gets a bounded schedule; the file format round-trips', () => {
  const spec = { seed: 1, training: { batchSize: 4, steps: 5_000_000, secondsBudget: 10, lastBatch: 'keep' as const } } as never;
  assert.equal(scheduleForSpec(spec, new Int32Array(10).fill(3)).steps.length, 100_000);
  const s = buildSchedule(base, 7);
  assert.deepEqual(decodeSchedule(encodeSchedule(s)), s.steps);
  assert.throws(() => decodeSchedule(new Uint8Array(16)), /not a reftbench schedule file/);
});
