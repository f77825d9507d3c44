/** Trainable-parameter counts of the method table against the ReFT paper's and peft's published numbers. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { methods, methodKinds } from '../../src/methods/registry.ts';
import { archPreset } from '../../src/models/presets.ts';
import { baseModelParams, headParams, linearShape } from '../../src/methods/arch-counts.ts';
import type { ResolvedHparams } from '../../src/types/run-spec.ts';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const roberta = archPreset('roberta-base');
const llama = archPreset('llama-7b');
const llama2 = archPreset('llama-2-7b');

test('base-model sizes match the published parameter counts', () => {
  // RobertaModel without its pooler (the pooler belongs to the classification head).
  assert.equal(baseModelParams(roberta), 124_055_040);
  assert.equal(baseModelParams(llama), 6_738_415_616);
  assert.equal(baseModelParams(archPreset('bert-base-uncased')), 108_891_648);
  assert.equal(baseModelParams(archPreset('llama-3-8b')), 8_030_261_248);
  // The classification head (dense + out_proj) of RobertaForSequenceClassification, 2 labels.
  assert.equal(headParams(roberta, 'classification', 2), 768 * 768 + 768 + 768 * 2 + 2);
});

test('LoReFT r=1 on all 12 layers of RoBERTa-base: 18,444 (0.015%)', () => {
  const h: ResolvedHparams = { rank: 1, layers: range(12), positions: 'f1', tied: true, dropout: 0, act: 'identity' };
  const count = methods.loreft.countParams(h, roberta);
  assert.equal(count.trainable, 18_444);
  assert.equal(((100 * count.trainable) / baseModelParams(roberta)).toFixed(3), '0.015');
});

test('LoReFT on LLaMA-7B r=8, 32 layers, tied: 2,097,408', () => {
  const h: ResolvedHparams = { rank: 8, layers: range(32), positions: 'f7+l7', tied: true, dropout: 0, act: 'identity' };
  assert.equal(methods.loreft.countParams(h, llama).trainable, 2_097_408);
});

test('LoReFT on Llama-2-7B layers 3;9;18;24, r=4, f5+l5 untied: 262,176', () => {
  const h: ResolvedHparams = { rank: 4, layers: [3, 9, 18, 24], positions: 'f5+l5', tied: false, dropout: 0, act: 'identity' };
  assert.equal(methods.loreft.countParams(h, llama2).trainable, 262_176);
  // Untied needs both first and last positions to double; a single side gives one intervention.
  assert.equal(methods.loreft.countParams({ ...h, positions: 'l5' }, llama2).trainable, 131_088);
});

test('the other ReFT kinds: 2dr + r (noreft, direft, nodireft) and dr + r (consreft, lobireft) per intervention', () => {
  const h: ResolvedHparams = { rank: 4, layers: [0, 1], positions: 'l1', tied: false, dropout: 0, act: 'identity' };
  const d = roberta.hiddenSize;
  for (const kind of ['noreft', 'direft', 'nodireft'] as const) assert.equal(methods[kind].countParams(h, roberta).trainable, 2 * (2 * d * 4 + 4));
  for (const kind of ['consreft', 'lobireft'] as const) assert.equal(methods[kind].countParams(h, roberta).trainable, 2 * (d * 4 + 4));
});

test('LoRA: r·(d_in + d_out) per adapted matrix', () => {
  const h: ResolvedHparams = { rank: 8, alpha: 16, dropout: 0, targets: ['query', 'value'], rslora: false, layers: range(12) };
  assert.equal(methods.lora.countParams(h, roberta).trainable, 12 * 2 * 8 * (768 + 768));
  // All linear layers of a LLaMA block, with grouped-query k/v (llama-3-8b: kv width 1024).
  const l3 = archPreset('llama-3-8b');
  const all: ResolvedHparams = { ...h, targets: ['query', 'key', 'value', 'output', 'gate', 'up', 'down'], layers: [0] };
  const expected = 8 * ((4096 + 4096) + (4096 + 1024) * 2 + (4096 + 4096) + (4096 + 14336) * 3);
  assert.equal(methods.lora.countParams(all, l3).trainable, expected);
  assert.deepEqual(linearShape(l3, 'key'), { dIn: 4096, dOut: 1024 });
  assert.equal(linearShape(roberta, 'gate'), undefined);
});

test('DoRA adds one magnitude per output row of each adapted matrix', () => {
  const h: ResolvedHparams = { rank: 8, alpha: 16, dropout: 0, targets: ['query', 'value'], rslora: false, layers: range(12) };
  assert.equal(methods.dora.countParams(h, roberta).trainable, methods.lora.countParams(h, roberta).trainable + 12 * 2 * 768);
});

test('prompt tuning: n·d', () => {
  assert.equal(methods.prompt.countParams({ promptTokens: 20 }, roberta).trainable, 20 * 768);
});

test('BitFit counts every bias of RoBERTa-base and nothing on bias-free LLaMA', () => {
  // Per block: q,k,v,o (4·768) + intermediate 3072 + output 768 + two LayerNorm biases (2·768); plus embedding LN.
  assert.equal(methods.bitfit.countParams({}, roberta).trainable, 12 * (4 * 768 + 3072 + 768 + 2 * 768) + 768);
  assert.equal(methods.bitfit.countParams({}, llama).trainable, 0);
});

test('full fine-tuning trains the whole base model and adds nothing', () => {
  assert.deepEqual(methods.full.countParams({}, roberta), { trainable: baseModelParams(roberta), added: 0 });
});

test('IA3, adapters and RED', () => {
  const layers = range(12);
  assert.equal(methods.ia3.countParams({ targets: ['key', 'value', 'down'], layers }, roberta).trainable, 12 * (768 + 768 + 3072));
  assert.equal(methods.adapter.countParams({ adapterSize: 64, adapterStyle: 'pfeiffer', layers }, roberta).trainable, 12 * (2 * 768 * 64 + 64 + 768));
  assert.equal(methods.adapter.countParams({ adapterSize: 64, adapterStyle: 'houlsby', layers }, roberta).trainable, 24 * (2 * 768 * 64 + 64 + 768));
  assert.equal(methods.red.countParams({ layers }, roberta).trainable, 12 * 2 * 768);
});

test('every kind is in the table under its own name, with defaults only for the hyperparameters it takes', () => {
  assert.equal(methodKinds.length, 19);
  for (const kind of methodKinds) {
    const def = methods[kind];
    assert.equal(def.kind, kind);
    for (const name of Object.keys(def.defaults)) assert.ok((def.hparams as readonly string[]).includes(name), `${kind} default ${name}`);
  }
});

test('a missing hyperparameter is an internal error, not a silent zero', () => {
  assert.throws(() => methods.lora.countParams({ rank: 8 }, roberta), /not resolved/);
});
