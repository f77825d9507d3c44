/**
 * The budget arithmetic of the planner, pinned where a wrong operator would still give plausible
 * plans: a parameter budget with both `maxCount` and `maxPercent` keeps the stricter of the two,
 * and a `match` compute budget gives every method the reference method's spend — the mean over the
 * reference's tuning trials, not the largest of them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { baseModelParams } from '../../src/methods/arch-counts.ts';
import { archPreset } from '../../src/models/presets.ts';
import type { Suite } from '../../src/types/suite.ts';
import { baseSuite, load } from './suite-builder.ts';

const base = baseModelParams(archPreset('roberta-base'));
/** LoReFT at f1+l1, untied, on all 12 blocks of RoBERTa-base: 24 interventions of 2·768·r + r. */
const loreftParams = (rank: number) => 24 * (2 * 768 * rank + rank);

/** The ranks a grid over 1…32 keeps under a parameter budget (6 trials: the grid once, or its allowed part repeated). */
function ranksUnder(params: NonNullable<Suite['budget']['params']>): number[] {
  const s = baseSuite();
  s.tuning = { strategy: 'grid', trials: 6, seed: 0, select: { split: 'dev' } };
  s.methods = [{ id: 'loreft', kind: 'loreft', search: { rank: [1, 2, 4, 8, 16, 32], positions: 'f1+l1' } }];
  s.budget = { params, compute: { rule: 'steps', amount: 10 } };
  const trials = buildPlan(load(s)).groups[0]!.trials;
  return trials.map((t) => t.spec.method.hparams.rank!);
}

test('a parameter budget with maxCount and maxPercent keeps the stricter limit, whichever of the two it is', () => {
  // 1% of RoBERTa-base allows rank 32; 200,000 parameters allow rank 4 at most.
  assert.ok(loreftParams(32) <= Math.floor(0.01 * base) && loreftParams(8) > 200_000 && loreftParams(4) <= 200_000);
  const countStricter = ranksUnder({ maxCount: 200_000, maxPercent: 1 });
  assert.deepEqual(countStricter, [1, 2, 4, 1, 2, 4]);
  // 0.16% of RoBERTa-base (about 199,400) allows rank 4 at most; 1,300,000 parameters allow rank 32.
  assert.ok(loreftParams(4) <= Math.floor(0.0016 * base) && loreftParams(8) > Math.floor(0.0016 * base) && loreftParams(32) <= 1_300_000);
  const percentStricter = ranksUnder({ maxCount: 1_300_000, maxPercent: 0.16 });
  assert.deepEqual(percentStricter, [1, 2, 4, 1, 2, 4]);
  // Either limit alone lets the whole grid through where it allows it.
  assert.deepEqual(ranksUnder({ maxPercent: 1 }), [1, 2, 4, 8, 16, 32]);
  assert.deepEqual(ranksUnder({ maxCount: 1_300_000 }), [1, 2, 4, 8, 16, 32]);
});

test('a match budget over several reference trials gives every method the reference spend (mean over its trials), not the largest trial', () => {
  const s = baseSuite();
  // Prompt tuning's trials differ in sequence length (1 or 128 virtual tokens), so their FLOPs per
  // step, and their spends over the same 20 steps, differ by far more than one step of LoRA.
  s.tuning = { strategy: 'grid', trials: 2, seed: 0, select: { split: 'dev' } };
  s.training = { batchSize: 8 };
  s.methods = [
    { id: 'prompt', kind: 'prompt', search: { promptTokens: [1, 128] } },
    { id: 'lora', kind: 'lora' },
  ];
  s.budget = { compute: { rule: 'flops', match: { method: 'prompt', rule: 'steps', amount: 20 } } };
  const plan = buildPlan(load(s));
  const ref = plan.groups.find((g) => g.methodId === 'prompt')!.trials;
  const lora = plan.groups.find((g) => g.methodId === 'lora')!.trials;
  assert.equal(ref.length, 2);
  // What each reference trial spends under the match rule (20 steps), in the outer rule's unit.
  const spends = ref.map((t) => 20 * t.flopsPerStep);
  const mean = (spends[0]! + spends[1]!) / 2;
  const max = Math.max(...spends);
  // Every trial, the reference's own included, gets the mean spend (within one of its steps).
  for (const t of [...ref, ...lora]) {
    assert.ok(max - mean > 2 * t.flopsPerStep, 'the test separates mean from max by more than one step');
    assert.ok(Math.abs(t.flops - mean) <= t.flopsPerStep, `${t.spec.method.kind} spends ${t.flops} FLOPs, the reference's mean spend is ${mean}`);
  }
});
