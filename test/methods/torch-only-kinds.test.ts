/**
 * The peft kinds only the torch worker runs (prefix, loha, lokr, vera, oft): counts on published
 * shapes worked out by hand, peft's factorization and OFT block adjustment, and their FLOPs. That
 * the ort engine refuses them is its method table's test (test/backends/method-tables.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { methods } from '../../src/methods/registry.ts';
import { archPreset } from '../../src/models/presets.ts';
import { lokrFactorization } from '../../src/methods/lokr.ts';
import { oftBlocks } from '../../src/methods/oft.ts';
import type { ResolvedHparams } from '../../src/types/run-spec.ts';

const roberta = archPreset('roberta-base');
const layers = Array.from({ length: 12 }, (_, i) => i);
const qv: ResolvedHparams = { targets: ['query', 'value'], layers };

test('prefix: n · layers · 2 · key/value width (grouped-query on LLaMA-3)', () => {
  assert.equal(methods.prefix.countParams({ promptTokens: 20 }, roberta).trainable, 20 * 12 * 2 * 768);
  assert.equal(methods.prefix.countParams({ promptTokens: 20 }, archPreset('llama-3-8b')).trainable, 20 * 32 * 2 * 1024);
});

test('LoHa 2r(din+dout), VeRA dout + r per adapted matrix on RoBERTa-base q/v', () => {
  assert.equal(methods.loha.countParams({ ...qv, rank: 8, alpha: 8 }, roberta).trainable, 24 * 2 * 8 * 1536);
  assert.equal(methods.vera.countParams({ ...qv, rank: 256, dropout: 0 }, roberta).trainable, 24 * (768 + 256));
});

test('LoKr: peft\'s factorization, W1 whole, W2 low rank below max(b, e)/2', () => {
  assert.deepEqual(lokrFactorization(256), [16, 16]);
  assert.deepEqual(lokrFactorization(128), [8, 16]);
  assert.deepEqual(lokrFactorization(127), [1, 127]);
  assert.deepEqual(lokrFactorization(768), [24, 32]);
  // 768 = 24·32 both ways: W1 24×24, W2 32×32 low rank at r = 8 (8 < 16), whole at r = 16.
  assert.equal(methods.lokr.countParams({ ...qv, rank: 8, alpha: 8 }, roberta).trainable, 24 * (24 * 24 + 8 * (32 + 32)));
  assert.equal(methods.lokr.countParams({ ...qv, rank: 16, alpha: 8 }, roberta).trainable, 24 * (24 * 24 + 32 * 32));
});

test('OFT: r blocks of din/r, moved to the nearest divisor as peft does', () => {
  assert.equal(oftBlocks(32, 4), 4);
  assert.equal(oftBlocks(32, 5), 4);
  assert.equal(oftBlocks(48, 5), 4); // 4 and 6 are equally near: the lower
  assert.equal(oftBlocks(40, 7), 8);
  assert.equal(oftBlocks(10, 20), 10);
  assert.equal(methods.oft.countParams({ ...qv, rank: 8 }, roberta).trainable, 24 * 8 * (96 * 95) / 2);
});

test('FLOPs: each kind costs something, from its lowest adapted block (prefix: every block)', () => {
  const ctx = { seqLen: 128 };
  const top: ResolvedHparams = { targets: ['query', 'value'], layers: [10, 11] };
  const cases: [keyof typeof methods, ResolvedHparams][] = [
    ['loha', { ...top, rank: 8, alpha: 8 }], ['lokr', { ...top, rank: 8, alpha: 8 }], ['vera', { ...top, rank: 256, dropout: 0 }], ['oft', { ...top, rank: 8 }],
  ];
  for (const [kind, h] of cases) {
    const cost = methods[kind].cost(h, roberta, ctx);
    assert.equal(cost.lowestGradLayer, 10, kind);
    assert.ok(cost.forwardPerToken > 0 && cost.backwardPerToken === 2 * cost.forwardPerToken, kind);
  }
  // LoHa and LoKr multiply the input by the materialised ΔW: 2·din·dout per token.
  assert.equal(methods.loha.cost({ ...top, rank: 8, alpha: 8 }, roberta, ctx).forwardPerToken, 4 * 2 * 768 * 768);
  const prefix = methods.prefix.cost({ promptTokens: 10 }, roberta, ctx);
  assert.equal(prefix.lowestGradLayer, 0);
  assert.equal(prefix.forwardPerToken, 12 * 4 * 10 * 768);
});
