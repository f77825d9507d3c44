/**
 * scoreFinalTest: a final run's test metrics and the per-example records (prediction + gold, in the
 * test split's order, with source indices) that the result file keeps for paired statistics.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applySplitProtocol } from '../../src/data/split-protocol.ts';
import { NO_REFERENCE_ANSWER, scoreFinalTest } from '../../src/metrics/score-test.ts';

const gold = [1, 0, 1, 1, 0, 0];
const classification = () =>
  applySplitProtocol(
    'records',
    { train: { of: 'train' }, dev: { of: 'train', size: 2 }, test: { of: 'validation' } },
    {
      train: { kind: 'classification', labelNames: ['a', 'b'], examples: [0, 1, 2, 3].map((i) => ({ text: `t${i}`, label: i % 2 })) },
      validation: { kind: 'classification', labelNames: ['a', 'b'], examples: gold.map((label, i) => ({ text: `v${i}`, label })) },
    },
  ).test;

/** The test split of a causal-LM task whose validation examples are `validation` (two training examples, one carved for dev). */
function lmTestSplit(name: string, validation: { prompt: string; response: string }[]) {
  return applySplitProtocol(
    name,
    { train: { of: 'train' }, dev: { of: 'train', size: 1 }, test: { of: 'validation' } },
    {
      train: { kind: 'causal_lm', examples: [{ prompt: 'a', response: 'b' }, { prompt: 'c', response: 'd' }] },
      validation: { kind: 'causal_lm', examples: validation },
    },
  ).test;
}

test('classification: metrics and one record per test example, gold beside the prediction', () => {
  const split = classification();
  const predicted = [1, 1, 1, 0, 0, 0];
  const scored = scoreFinalTest(split, [{ name: 'accuracy', direction: 'max' }], { kind: 'values', values: predicted });
  assert.equal(scored.metrics.accuracy, 4 / 6);
  assert.equal(scored.predictions.split, 'test');
  assert.deepEqual(scored.predictions.gold, gold);
  assert.deepEqual(scored.predictions.predicted, predicted);
  assert.deepEqual(scored.predictions.exampleIds, [...split.sourceIndices]);
});

test('causal LM: gold is the reference response, predicted the mean token loss of the example', () => {
  const split = lmTestSplit('lm', [{ prompt: 'p0', response: 'r0' }, { prompt: 'p1', response: 'r1' }]);
  const scored = scoreFinalTest(split, [{ name: 'loss', direction: 'min' }, { name: 'perplexity', direction: 'min' }], { kind: 'lm', nllSums: [2, 6], tokenCounts: [2, 2] });
  assert.equal(scored.metrics.loss, 2);
  assert.ok(Math.abs(scored.metrics.perplexity! - Math.exp(2)) < 1e-12);
  assert.deepEqual(scored.predictions.gold, ['r0', 'r1']);
  assert.deepEqual(scored.predictions.predicted, [1, 3]);
});

test('causal LM with generations: records hold the answers exact_match compares; without generations it is refused', () => {
  const split = lmTestSplit('lm-gen', [{ prompt: '2+2?', response: 'It is 4.' }, { prompt: '3*3?', response: 'So 9' }]);
  const metrics = [{ name: 'exact_match' as const, direction: 'max' as const }];
  const lm = { kind: 'lm' as const, nllSums: [0, 0], tokenCounts: [0, 0] };
  const scored = scoreFinalTest(split, metrics, { ...lm, generations: ['4', 'nine'], answer: { extract: 'last_number' } });
  assert.equal(scored.metrics.exact_match, 0.5);
  assert.deepEqual(scored.predictions.gold, ['4', '9']);
  assert.deepEqual(scored.predictions.predicted, ['4', '']);
  assert.throws(() => scoreFinalTest(split, metrics, lm), /exact_match needs the generated test answers/);
});

test('a reference without an answer under the rule is a miss in the records too, as exact_match counts it', () => {
  const split = lmTestSplit('lm-no-answer', [{ prompt: 'Pick one', response: 'C' }, { prompt: '3*3?', response: 'So 9' }]);
  const lm = { kind: 'lm' as const, nllSums: [0, 0], tokenCounts: [0, 0] };
  const scored = scoreFinalTest(split, [{ name: 'exact_match', direction: 'max' }], { ...lm, generations: ['no idea', '9'], answer: { extract: 'last_number' } });
  assert.equal(scored.metrics.exact_match, 0.5);
  const { gold, predicted } = scored.predictions;
  assert.deepEqual(gold, [NO_REFERENCE_ANSWER, '9']);
  assert.equal(gold.filter((g, i) => g === predicted[i]).length / gold.length, scored.metrics.exact_match);
});

test('a generated number within the tolerance is recorded as the reference\'s answer, so the records reproduce exact_match', () => {
  const split = lmTestSplit('lm-tolerance', [{ prompt: '10/3?', response: '3.3333333' }, { prompt: '3*3?', response: 'So 9' }]);
  const lm = { kind: 'lm' as const, nllSums: [0, 0], tokenCounts: [0, 0] };
  const scored = scoreFinalTest(split, [{ name: 'exact_match', direction: 'max' }], { ...lm, generations: ['about 3.333', '9.5'], answer: { extract: 'last_number' } });
  assert.equal(scored.metrics.exact_match, 0.5);
  assert.deepEqual(scored.predictions.gold, ['3.3333333', '9']);
  assert.deepEqual(scored.predictions.predicted, ['3.3333333', '9.5']);
});

test('a prediction count that does not match the test split is refused', () => {
  assert.throws(() => scoreFinalTest(classification(), [{ name: 'accuracy', direction: 'max' }], { kind: 'values', values: [1, 0] }), /2 predictions for 6 test examples/);
});
