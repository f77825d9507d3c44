/**
 * Compute ladders and per-task rules: a ladder repeats the protocol (every method's trials and
 * finals) once per budget, each level with its own budget in the run specs and its own run ids; a
 * task's own rule replaces the suite's for that task only; suites without either plan as before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { formatPlan } from '../../src/plan/format-plan.ts';
import { groupOf } from '../../src/run/trial-specs.ts';
import { plannedComparisons } from '../../src/suite/seeds-warning.ts';
import { protocolOf } from '../../src/run/result-record.ts';
import type { Suite } from '../../src/types/suite.ts';
import { baseSuite, load } from './suite-builder.ts';

const lengths = Int32Array.from({ length: 300 }, (_, i) => 5 + ((i * 37) % 56));

function suiteWith(compute: Suite['budget']['compute']): Suite {
  const s = baseSuite();
  s.training = { batchSize: 16 };
  s.budget = { compute };
  return s;
}

test('a matched ladder plans every method once per level, each reaching its own budget', () => {
  const suite = suiteWith({ rule: 'flops', match: { method: 'lora', rule: 'steps', amounts: [4, 8, 16] } });
  const plan = buildPlan(load(suite), { trainLengths: () => lengths });
  const methods = suite.methods.length;
  assert.equal(plan.groups.length, 3 * methods);
  assert.equal(plan.totals.trialRuns, 3 * methods * suite.tuning.trials);
  assert.equal(plan.totals.finalRuns, 3 * methods * suite.seeds.length);
  for (const [level, steps] of [4, 8, 16].entries()) {
    const groups = plan.groups.filter((g) => g.level === level);
    assert.equal(groups.length, methods);
    const lora = groups.find((g) => g.methodId === 'lora')!;
    assert.ok(lora.trials.every((t) => Math.abs(t.steps - steps) <= 1), `level ${level}: LoRA gets about ${steps} steps, got ${lora.trials.map((t) => t.steps)}`);
    const amounts = new Set(groups.flatMap((g) => g.trials.map((t) => t.spec.accounting!.budget!.amount)));
    assert.equal(amounts.size, 1, 'every method of a level gets the same FLOPs');
    for (const g of groups) {
      assert.deepEqual(g.compute, { rule: 'flops', match: { method: 'lora', rule: 'steps', amount: steps } });
      for (const t of g.trials) {
        assert.deepEqual(t.spec.accounting!.budget!.match, { method: 'lora', rule: 'steps', amount: steps });
        assert.equal(t.spec.accounting!.budget!.level, level);
        assert.equal(groupOf(t.spec), `${g.modelId}/${g.taskId}/${g.methodId}@${level}`);
      }
    }
  }
  const budgets = [0, 1, 2].map((l) => plan.groups.find((g) => g.level === l && g.methodId === 'loreft')!.trials[0]!.spec.accounting!.budget!.amount);
  assert.ok(budgets[0]! < budgets[1]! && budgets[1]! < budgets[2]!, `budgets ascend: ${budgets}`);
  const ids = plan.groups.flatMap((g) => g.trials.map((t) => t.runId));
  assert.equal(new Set(ids).size, ids.length, 'every level has its own run ids');
  assert.match(formatPlan(plan), /budget \(ladder level 3\): flops that "lora" spends in 16 steps/);
  assert.match(formatPlan(plan), /spends in each of 4, 8, 16 steps \(a ladder/);
});

test('a plain amounts ladder gives each level its amount; a suite without a ladder has no levels', () => {
  const plan = buildPlan(load(suiteWith({ rule: 'steps', amounts: [3, 6] })));
  assert.deepEqual([...new Set(plan.groups.flatMap((g) => g.trials.map((t) => t.steps)))].sort((a, b) => a - b), [3, 6]);
  const plain = buildPlan(load(suiteWith({ rule: 'steps', amount: 3 })));
  assert.ok(plain.groups.every((g) => g.level === undefined && g.trials.every((t) => t.spec.accounting!.budget!.level === undefined)));
  assert.ok(plain.groups.every((g) => g.trials.every((t) => !groupOf(t.spec).includes('@'))));
  assert.doesNotMatch(formatPlan(plain), /budget/);
});

test("a task's own rule replaces the suite's for that task only, and results state it", () => {
  const suite = suiteWith({ rule: 'steps', amount: 3 });
  const other = structuredClone(suite.tasks[0]!);
  other.id = 'rte-long';
  other.compute = { rule: 'steps', amount: 7 };
  suite.tasks.push(other);
  const plan = buildPlan(load(suite));
  const stepsOf = (task: string) => new Set(plan.groups.filter((g) => g.taskId === task).flatMap((g) => g.trials.map((t) => t.steps)));
  assert.deepEqual([...stepsOf('rte')], [3]);
  assert.deepEqual([...stepsOf('rte-long')], [7]);
  assert.match(formatPlan(plan), /budget: steps = 7 per run/);
  assert.equal(protocolOf(suite, 'rte').taskCompute, undefined);
  assert.deepEqual(protocolOf(suite, 'rte-long').taskCompute, { rule: 'steps', amount: 7 });
  assert.deepEqual(protocolOf(suite, 'rte-long').compute, { rule: 'steps', amount: 3 });
});

test('a ladder multiplies the comparisons the seeds warning counts', () => {
  const plain = suiteWith({ rule: 'steps', amount: 3 });
  const ladder = suiteWith({ rule: 'steps', amounts: [3, 6, 12, 24] });
  assert.equal(plannedComparisons(ladder), 4 * plannedComparisons(plain));
});
