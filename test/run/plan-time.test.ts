/**
 * The wall time of a plan at a rate per model × task × method kind (src/run/plan-time.ts): planned
 * FLOPs at the group's rate plus its per-run seconds, a seconds rule counting its budget; given what
 * a results folder holds, finished trials and finals are left out, and an unselectable group's finals too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Plan } from '../../src/plan/plan-types.ts';
import type { PlanProgress } from '../../src/run/plan-progress.ts';
import { estimatePlanTime, rateKey, type RunRate } from '../../src/run/plan-time.ts';

const trial = (runId: string, method: string, flops: number, secondsBudget?: number) => ({
  runId, flops, spec: { model: { id: 'm' }, task: { id: 't' }, method: { id: method }, training: secondsBudget === undefined ? {} : { secondsBudget } },
});
const plan = {
  groups: [
    { modelId: 'm', taskId: 't', kind: 'lora', trials: [trial('a', 'lora', 10e9), trial('b', 'lora', 20e9)], finals: [{ estimatedFlops: 15e9 }, { estimatedFlops: 15e9 }] },
    { modelId: 'm', taskId: 't', kind: 'loreft', trials: [trial('c', 'loreft', 1e9, 30)], finals: [{ estimatedFlops: 1e9 }] },
  ],
} as unknown as Plan;
const rate: RunRate = { flopsPerSecond: 1e9, perRunSeconds: 2, source: 'timed' };
const rates = new Map([[rateKey('m', 't', 'lora'), rate], [rateKey('m', 't', 'loreft'), { ...rate, flopsPerSecond: 1e8 }]]);

test('planned FLOPs at each model × task × method rate plus its per-run seconds; a seconds rule counts its budget', () => {
  assert.deepEqual(estimatePlanTime(plan, rates), { trialsSeconds: 12 + 22 + 32, finalsSeconds: 17 + 17 + 32, runs: 6 });
  assert.equal(estimatePlanTime(plan, new Map([[rateKey('m', 't', 'lora'), rate]])), undefined, 'a group without a rate: no estimate');
  assert.equal(estimatePlanTime(plan, new Map([[rateKey('m', 'other', 'lora'), rate], [rateKey('m', 't', 'loreft'), rate]])), undefined, 'rates are per task');
});

test('finished runs are left out: finished trials by run id, finished finals by group; an unselectable group runs no finals', () => {
  const progress = (p: Partial<PlanProgress>): PlanProgress => ({ trialsDone: new Set(), finalsDone: new Map(), unselected: new Set(), done: 0, results: new Map(), ...p });
  assert.deepEqual(estimatePlanTime(plan, rates, progress({ trialsDone: new Set(['a']), finalsDone: new Map([['m/t/lora', 1]]), done: 2 })),
    { trialsSeconds: 22 + 32, finalsSeconds: 17 + 32, runs: 4 });
  assert.deepEqual(estimatePlanTime(plan, rates, progress({ trialsDone: new Set(['a', 'b']), unselected: new Set(['m/t/lora']) })),
    { trialsSeconds: 32, finalsSeconds: 32, runs: 2 });
  // a group with nothing left needs no rate
  const done = progress({ trialsDone: new Set(['c']), finalsDone: new Map([['m/t/loreft', 1]]) });
  assert.deepEqual(estimatePlanTime(plan, new Map([[rateKey('m', 't', 'lora'), rate]]), done), { trialsSeconds: 12 + 22, finalsSeconds: 17 + 17, runs: 4 });
});
