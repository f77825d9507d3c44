/** format-plan.ts: the plan's header and table read as they should (ranges, units, tasks' own rules). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { formatPlan } from '../../src/plan/format-plan.ts';
import type { Suite } from '../../src/types/suite.ts';
import { baseSuite, load } from './suite-builder.ts';

const lengths = Int32Array.from({ length: 300 }, (_, i) => 5 + ((i * 37) % 56));

function suiteWith(compute: Suite['budget']['compute']): Suite {
  const s = baseSuite();
  s.training = { batchSize: 16 };
  s.budget = { compute };
  return s;
}

test('a range whose ends show the same is shown as one value', () => {
  const plan = buildPlan(load(suiteWith({ rule: 'steps', amount: 3 })), { trainLengths: () => lengths });
  const trials = plan.groups[0]!.trials;
  assert.ok(trials.length >= 2);
  trials.forEach((t, i) => {
    t.tokensPerStep = 248.2 + 0.2 * i;
    t.flops = 1.2901e9 + 1e5 * i;
    t.steps = 185 + 0.1 * i;
  });
  const text = formatPlan(plan);
  assert.doesNotMatch(text, /(\S+)–\1(\s|$)/m, 'no "248–248"');
  assert.match(text.split('\n').find((l) => l.startsWith(plan.groups[0]!.methodId))!, / 185 +248 +1\.29e9 /);
});

test('the header says "1 epoch", and names the tasks with their own rule', () => {
  const suite = suiteWith({ rule: 'flops', match: { method: 'lora', rule: 'epochs', amount: 1 } });
  suite.tasks[0]!.examples = { train: 300, validation: 100 };
  const other = structuredClone(suite.tasks[0]!);
  other.id = 'rte-ladder';
  other.compute = { rule: 'flops', match: { method: 'lora', rule: 'steps', amounts: [8, 16] } };
  suite.tasks.push(other);
  const header = formatPlan(buildPlan(load(suite), { trainLengths: () => lengths })).split('\n')[1]!;
  assert.match(header, /compute: flops that "lora" spends in 1 epoch, except 1 of 2 tasks: rte-ladder has its own rule \(shown above its blocks\)$/);
  assert.doesNotMatch(header, /1 epochs/);
  const plain = formatPlan(buildPlan(load(suiteWith({ rule: 'steps', amount: 3 })), { trainLengths: () => lengths })).split('\n')[1]!;
  assert.match(plain, /compute: steps = 3 per run$/);
});
