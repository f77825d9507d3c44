/**
 * Compute counted as spent: with the training examples' real lengths, a FLOPs or tokens budget is
 * met on each run's own batch schedule — every run ends at the first step at which its real batches
 * reach the budget (never below it: at a 4-step LoRA budget ReFT used to get 91.4% of it), the
 * plan's tokens per step are the schedule's mean real tokens, and a final run's steps come from its
 * own seed's schedule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { finalSpecFor } from '../../src/plan/final-spec.ts';
import { scheduleRequestOf, spendOfSteps } from '../../src/data/batch-schedule.ts';
import { batchFlops, batchTokens, stepCostOfSpec } from '../../src/plan/step-spend.ts';
import type { RunSpec } from '../../src/types/run-spec.ts';
import type { Suite } from '../../src/types/suite.ts';
import { baseSuite, load } from './suite-builder.ts';

/** 300 examples of 5–60 real tokens (GLUE sentences are short against maxLength 128). */
const lengths = Int32Array.from({ length: 300 }, (_, i) => 5 + ((i * 37) % 56));

function suiteWith(compute: Suite['budget']['compute']): Suite {
  const s = baseSuite();
  s.tuning = { strategy: 'random', trials: 2, seed: 0, select: { split: 'dev' } };
  s.training = { batchSize: 16 };
  s.budget = { compute };
  return s;
}

function spend(spec: RunSpec, steps: number, rule: 'flops' | 'tokens'): number {
  const cost = stepCostOfSpec(spec);
  return spendOfSteps(scheduleRequestOf(spec, lengths), steps, (b) => (rule === 'tokens' ? batchTokens(b, lengths) : batchFlops(b, lengths, cost)));
}

test('every run ends at the first step its real batches reach a matched FLOPs budget', () => {
  const plan = buildPlan(load(suiteWith({ rule: 'flops', match: { method: 'lora', rule: 'steps', amount: 4 } })), { trainLengths: () => lengths });
  const lora = plan.groups.find((g) => g.methodId === 'lora')!;
  const budget = lora.trials.reduce((a, t) => a + spend(t.spec, 4, 'flops'), 0) / lora.trials.length;
  for (const group of plan.groups) {
    for (const t of group.trials) {
      assert.equal(t.spec.accounting!.budget!.amount, budget, `${t.runId}: the cell's budget is LoRA's mean spend`);
      const spent = spend(t.spec, t.steps, 'flops');
      assert.ok(spent >= budget * (1 - 1e-12), `${t.runId}: ${spent} FLOPs is below the budget ${budget}`);
      assert.ok(spend(t.spec, t.steps - 1, 'flops') < budget, `${t.runId}: one step fewer already reaches the budget`);
      const meanTokens = spend(t.spec, t.steps, 'tokens') / t.steps;
      assert.ok(Math.abs(t.tokensPerStep - meanTokens) < 1e-9, `${t.runId}: tokens per step ${t.tokensPerStep}, the schedule's mean ${meanTokens}`);
      assert.ok(t.tokensPerStep < 16 * 128 / 3, 'real tokens, not batch × maxLength');
    }
  }
  const bitfit = plan.groups.find((g) => g.methodId === 'bitfit')!;
  assert.ok(bitfit.trials.every((t) => t.steps >= 4), 'a method no dearer per step than LoRA gets at least its steps');
});

test('a tokens budget counts real tokens; without the data every example counts maxLength', () => {
  const withData = buildPlan(load(suiteWith({ rule: 'tokens', amount: 5000 })), { trainLengths: () => lengths });
  for (const g of withData.groups) for (const t of g.trials) assert.ok(spend(t.spec, t.steps, 'tokens') >= 5000 && spend(t.spec, t.steps - 1, 'tokens') < 5000);
  const estimated = buildPlan(load(suiteWith({ rule: 'tokens', amount: 5000 })));
  for (const g of estimated.groups) for (const t of g.trials) {
    assert.equal(t.steps, Math.floor(5000 / (16 * 128)));
    assert.equal(t.tokensPerStep, 16 * 128);
  }
});

test('a final run reaches the budget on its own seed\'s schedule', () => {
  const plan = buildPlan(load(suiteWith({ rule: 'flops', match: { method: 'lora', rule: 'steps', amount: 4 } })), { trainLengths: () => lengths });
  const trial = plan.groups.find((g) => g.methodId === 'loreft')!.trials[0]!.spec;
  const budget = trial.accounting!.budget!.amount;
  for (const seed of [11, 12, 13]) {
    const final = finalSpecFor(trial, seed, lengths);
    assert.ok(spend(final, final.training.steps, 'flops') >= budget * (1 - 1e-12));
    assert.ok(spend(final, final.training.steps - 1, 'flops') < budget);
  }
  assert.equal(finalSpecFor(trial, 11).training.steps, trial.training.steps, 'without the lengths the trial\'s steps are kept');
});
