/** Synthetic tasks are deterministic in their seed and carry the signal they promise. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateSynthetic, syntheticTasks } from '../../src/data/synthetic-tasks.ts';

test('same seed and split → same examples; other seed or split → others', () => {
  const def = syntheticTasks.sentiment!;
  const a = generateSynthetic(def, 'sentiment', 7, 'train', 50);
  assert.deepEqual(generateSynthetic(def, 'sentiment', 7, 'train', 50), a);
  assert.notDeepEqual(generateSynthetic(def, 'sentiment', 8, 'train', 50), a);
  assert.notDeepEqual(generateSynthetic(def, 'sentiment', 7, 'validation', 50), a);
});

test('sentiment: the label is the polarity of the one polarity word; classes are balanced-ish', () => {
  const set = generateSynthetic(syntheticTasks.sentiment!, 'sentiment', 1, 'train', 400);
  assert.equal(set.kind, 'classification');
  if (set.kind !== 'classification') return;
  const positive = ['happy', 'good', 'great', 'fun', 'nice', 'kind'];
  for (const e of set.examples) assert.equal(e.text.split(' ').some((w) => positive.includes(w)) ? 1 : 0, e.label);
  const ones = set.examples.filter((e) => e.label === 1).length;
  assert.ok(ones > 150 && ones < 250, `${ones} positives of 400`);
});

test('counting: the score counts positive words; recall: the response is in the prompt', () => {
  const counting = generateSynthetic(syntheticTasks.counting!, 'counting', 3, 'train', 100);
  if (counting.kind !== 'regression') return assert.fail('counting is regression');
  for (const e of counting.examples) assert.ok(e.label >= 0 && e.label <= 3);
  const recall = generateSynthetic(syntheticTasks.recall!, 'recall', 3, 'train', 100);
  if (recall.kind !== 'causal_lm') return assert.fail('recall is causal_lm');
  for (const e of recall.examples) assert.ok(e.prompt.includes(e.response.trim().replace('.', '')));
});
