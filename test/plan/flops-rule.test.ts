/**
 * Under a flops rule every method gets the same FLOPs, so a method whose step is cheaper gets more
 * steps. LoReFT on the top layers backpropagates through few blocks and computes no weight gradients
 * of the base model, so it must get more steps than full fine-tuning, in the FLOPs model's ratio.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { blockParams } from '../../src/methods/arch-counts.ts';
import { archPreset } from '../../src/models/presets.ts';
import { baseSuite, load } from './suite-builder.ts';

const budget = 1e17;

function flopsSuite() {
  const s = baseSuite();
  s.budget = { compute: { rule: 'flops', amount: budget } };
  s.tuning = { strategy: 'random', trials: 1, seed: 0, select: { split: 'dev' } };
  s.training = { batchSize: 32 };
  s.methods = [
    { id: 'loreft-top4', kind: 'loreft', search: { rank: 1, layers: 'top4', positions: 'f1+l1', tied: false } },
    { id: 'full', kind: 'full' },
  ];
  return s;
}

test('under a flops rule LoReFT on the top 4 layers gets more steps than full fine-tuning, in the FLOPs model ratio', () => {
  const plan = buildPlan(load(flopsSuite()));
  const loreft = plan.groups.find((g) => g.methodId === 'loreft-top4')!.trials[0]!;
  const full = plan.groups.find((g) => g.methodId === 'full')!.trials[0]!;
  assert.ok(loreft.steps > full.steps, `${loreft.steps} ≤ ${full.steps}`);

  // The FLOPs model written out by hand for RoBERTa-base, 2 labels, 32 × 128 tokens per step.
  const arch = archPreset('roberta-base');
  const L = 12;
  const P = blockParams(arch);
  const d = 768;
  const H = d * d + d + d * 2 + 2;
  const tokens = 32 * 128;
  const forward = 2 * (L * P + H);
  const fullPerToken = forward + (2 * H + 2 * P * L) + 2 * L * P + 2 * H;
  // Interventions after blocks 8–11 at 2 of 128 positions; gradients reach blocks 9–11 only.
  const share = (4 * 2) / 128;
  const loreftPerToken = forward + share * 6 * d + (2 * H + 2 * P * 3) + 2 * H + share * 12 * d;
  assert.equal(full.flopsPerStep, tokens * fullPerToken);
  // Plus, once per step, recomputing each of the 8 R (r = 1) from its orthogonal parametrization.
  const parametrization = 8 * (4 * d * d * 1 + 12 * d * 1 * 1);
  assert.equal(loreft.flopsPerStep, tokens * loreftPerToken + parametrization);
  assert.equal(full.steps, Math.floor(budget / full.flopsPerStep));
  assert.equal(loreft.steps, Math.floor(budget / loreft.flopsPerStep));
  const modelRatio = fullPerToken / loreftPerToken;
  assert.ok(Math.abs(loreft.steps / full.steps - modelRatio) / modelRatio < 1e-3, `${loreft.steps / full.steps} vs ${modelRatio}`);
  assert.ok(modelRatio > 1.9, `ratio ${modelRatio}`);
});

test('both runs spend (almost exactly) the same FLOPs', () => {
  const plan = buildPlan(load(flopsSuite()));
  for (const g of plan.groups) {
    const t = g.trials[0]!;
    assert.ok(t.flops <= budget && budget - t.flops < t.flopsPerStep, `${g.methodId}: ${t.flops}`);
  }
});

test('LoReFT on all layers backpropagates through blocks 1–11, so it is barely cheaper than LoRA on all layers', () => {
  const s = flopsSuite();
  s.methods = [
    { id: 'loreft-all', kind: 'loreft', search: { rank: 1, layers: 'all', positions: 'f1+l1' } },
    { id: 'loreft-top4', kind: 'loreft', search: { rank: 1, layers: 'top4', positions: 'f1+l1' } },
    { id: 'lora-all', kind: 'lora', search: { rank: 8, targets: 'query,value' } },
  ];
  const plan = buildPlan(load(s));
  const step = (id: string) => plan.groups.find((g) => g.methodId === id)!.trials[0]!.flopsPerStep;
  assert.ok(step('loreft-top4') < step('loreft-all'));
  assert.ok(step('loreft-all') < step('lora-all'));
});
