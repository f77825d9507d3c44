/**
 * A seconds rule trains as much as a step rule given the same steps: the quickstart's tiny model
 * and synthetic task, LoRA with the quickstart's linear schedule and 10% warmup, first under a 2 s
 * budget and then under a steps rule of the steps that budget took here. The lr schedule's warmup and
 * decay follow the elapsed fraction of the budget, so both runs see about the same lr curve and
 * reach about the same loss (with the schedule over the seconds rule's step cap of 10⁶, its lr
 * stayed near 0 and its loss near ln 2).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { RunResult } from '../../src/types/result.ts';
import type { ComputeRule } from '../../src/types/suite.ts';
import { readResults, reftbench, repo, suiteVariant, tempDir } from './helpers.ts';

const quickstart = join(repo, 'suites', 'quickstart.json');
const cache = tempDir('seconds-cache');

async function trialOf(dir: string, name: string, compute: ComputeRule): Promise<RunResult> {
  const suite = suiteVariant(dir, (s) => {
    s.name = name;
    s.methods = [{ id: 'lora', kind: 'lora', search: { rank: 4, alpha: 8, targets: 'query,value', lr: 0.01 } }];
    s.tuning.trials = 1;
    s.seeds = [1];
    s.budget.compute = compute;
  }, `${name}.json`, quickstart);
  const results = join(dir, name);
  const outcome = await reftbench(['run', suite, '--results', results], cache);
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  return [...readResults(results).values()].find((r) => r.spec.phase === 'trial')!;
}

/** Mean loss over the last fifth of a run. */
function tailLoss(r: RunResult): number {
  const losses = r.lossCurve.map((p) => p.loss!);
  const tail = losses.slice(Math.floor(losses.length * 0.8));
  return tail.reduce((a, b) => a + b, 0) / tail.length;
}

test('a seconds-rule run learns as a steps-rule run of the same steps does: its lr schedule follows the budget', async (t) => {
  const dir = tempDir('seconds-rule');
  const timed = await trialOf(dir, 'timed', { rule: 'seconds', amount: 2 });
  assert.equal(timed.spec.training.lrClock, 'seconds', 'the result records that the schedule followed the clock');
  assert.equal(timed.spec.training.warmupRatio, 0.1);
  const steps = timed.compute.steps;
  assert.ok(steps >= 20, `only ${steps} steps in 2 s`);
  const counted = await trialOf(dir, 'counted', { rule: 'steps', amount: steps });
  assert.equal(counted.spec.training.lrClock, undefined, 'a steps rule keeps the step clock (and its run ids)');
  const first = timed.lossCurve[0]!.loss!;
  const drop = { timed: first - tailLoss(timed), counted: counted.lossCurve[0]!.loss! - tailLoss(counted) };
  t.diagnostic(`${steps} steps; loss drop (first step − mean of the last fifth): ${JSON.stringify(drop)}`);
  assert.ok(drop.counted > 0.1, `the steps-rule run learns (${JSON.stringify(drop)})`);
  assert.ok(drop.timed > 0.5 * drop.counted, `the seconds-rule run's loss falls as the steps-rule run's does: ${JSON.stringify(drop)} over ${steps} steps`);
});
