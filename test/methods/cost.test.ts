/** Each method's share of the FLOPs model: where backpropagation stops, which base weights get gradients. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { methods } from '../../src/methods/registry.ts';
import { archPreset } from '../../src/models/presets.ts';
import { nonEmbeddingParams } from '../../src/methods/arch-counts.ts';
import type { ResolvedHparams } from '../../src/types/run-spec.ts';

const roberta = archPreset('roberta-base');
const ctx = { seqLen: 128 };
const reft = (layers: number[], positions = 'f1+l1'): ResolvedHparams => ({ rank: 4, layers, positions, tied: false, dropout: 0, act: 'identity' });

test('ReFT never backpropagates into or below its lowest intervened block', () => {
  for (const kind of ['loreft', 'noreft', 'direft', 'nodireft', 'consreft', 'lobireft'] as const) {
    const c = methods[kind].cost(reft([8, 9, 10, 11]), roberta, ctx);
    assert.equal(c.lowestGradLayer, 9, kind);
    assert.equal(c.baseWeightGradParams, 0, kind);
  }
});

test('ReFT cost scales with the intervened share of the sequence', () => {
  const one = methods.loreft.cost(reft([11], 'l1'), roberta, ctx);
  const two = methods.loreft.cost(reft([11], 'f1+l1'), roberta, ctx);
  assert.equal(one.forwardPerToken, (1 / 128) * 6 * 768 * 4);
  assert.equal(two.forwardPerToken, 2 * one.forwardPerToken);
  assert.equal(two.backwardPerToken, 2 * two.forwardPerToken);
  // Cheaper kinds: no projection term (direft/nodireft) or no learned source (consreft, lobireft).
  assert.ok(methods.direft.cost(reft([11]), roberta, ctx).forwardPerToken < two.forwardPerToken);
  assert.ok(methods.lobireft.cost(reft([11]), roberta, ctx).forwardPerToken < methods.consreft.cost(reft([11]), roberta, ctx).forwardPerToken);
});

test('the orthonormal ReFT kinds pay for recomputing R from its parametrization once per step; the others do not', () => {
  const h = reft([10, 11]); // untied f1+l1: 4 interventions
  for (const kind of ['loreft', 'direft', 'consreft', 'lobireft'] as const) {
    assert.equal(methods[kind].cost(h, roberta, ctx).perStepFlops, 4 * (4 * 768 * 768 * 4 + 12 * 768 * 4 * 4), kind);
  }
  for (const kind of ['noreft', 'nodireft'] as const) assert.equal(methods[kind].cost(h, roberta, ctx).perStepFlops, 0, kind);
});

test('LoRA reaches down into its lowest adapted block; its own cost is 2r(din+dout) forward per matrix', () => {
  const h: ResolvedHparams = { rank: 8, alpha: 16, dropout: 0, targets: ['query', 'value'], rslora: false, layers: [4, 5] };
  const c = methods.lora.cost(h, roberta, ctx);
  assert.equal(c.lowestGradLayer, 4);
  assert.equal(c.forwardPerToken, 2 * 2 * 2 * 8 * (768 + 768));
  assert.equal(c.backwardPerToken, 2 * c.forwardPerToken);
  assert.equal(c.perStepFlops, 0);
  assert.ok(methods.dora.cost(h, roberta, ctx).perStepFlops > 0, 'DoRA renormalises W + BA once per step');
});

test('full fine-tuning computes weight gradients for every non-embedding weight and reaches block 0', () => {
  const c = methods.full.cost({}, roberta, ctx);
  assert.equal(c.lowestGradLayer, 0);
  assert.equal(c.baseWeightGradParams, nonEmbeddingParams(roberta));
});

test('prompt tuning lengthens every sequence and reaches the input; BitFit reaches block 0 without weight gradients', () => {
  const p = methods.prompt.cost({ promptTokens: 10 }, roberta, ctx);
  assert.deepEqual([p.extraTokens, p.lowestGradLayer], [10, 0]);
  const b = methods.bitfit.cost({}, roberta, ctx);
  assert.deepEqual([b.lowestGradLayer, b.baseWeightGradParams], [0, 0]);
});

test('adapters: pfeiffer sits after the FFN (gradients stay above the block), houlsby also after attention', () => {
  const layers = [6, 7];
  assert.equal(methods.adapter.cost({ adapterSize: 16, adapterStyle: 'pfeiffer', layers }, roberta, ctx).lowestGradLayer, 7);
  assert.equal(methods.adapter.cost({ adapterSize: 16, adapterStyle: 'houlsby', layers }, roberta, ctx).lowestGradLayer, 6);
  assert.equal(methods.red.cost({ layers }, roberta, ctx).lowestGradLayer, 7);
  assert.equal(methods.ia3.cost({ targets: ['key', 'value', 'down'], layers }, roberta, ctx).lowestGradLayer, 6);
});
