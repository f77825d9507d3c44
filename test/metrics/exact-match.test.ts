/**
 * Exact match of generated answers: each extraction rule on typical model output (math solutions,
 * commonsense answers, short words), the same rule applied to the reference, and the bad inputs.
 * Also how scoreMetrics and the final test scoring use generations and the task's rule.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exactMatch, extractAnswer, sameAnswer } from '../../src/metrics/exact-match.ts';
import { scoreMetrics } from '../../src/metrics/score.ts';
import type { SuiteMetric } from '../../src/types/suite.ts';

test('last_number reads the last number, commas removed, in canonical form', () => {
  const rule = { extract: 'last_number' as const };
  assert.equal(extractAnswer('She has 3 apples and buys 15 more, so 18.', rule), '18');
  assert.equal(extractAnswer('The answer is 1,234.50', rule), '1234.5');
  assert.equal(extractAnswer('It drops to -7 degrees', rule), '-7');
  assert.equal(extractAnswer('about .5 of it', rule), '0.5');
  assert.equal(extractAnswer('no digits here', rule), '');
  assert.equal(exactMatch(['so the answer is 18.0', 'I think 17'], ['3 + 15 = 18. The answer is 18', '18'], rule), 0.5);
});

test('last_number answers within 0.001 are the same answer, as LLM-Adapters compares them', () => {
  const rule = { extract: 'last_number' as const };
  assert.equal(sameAnswer('3.333', '3.3333333333', rule), true);
  assert.equal(sameAnswer('3.33', '3.3333333333', rule), false);
  assert.equal(sameAnswer('', '0', rule), false);
  assert.equal(exactMatch(['so each gets 3.333', 'so 3.33'], ['10 / 3 = 3.3333333333', '10 / 3 = 3.3333333333'], rule), 0.5);
  assert.equal(sameAnswer('18', '18.0004', { extract: 'full' }), false, 'the tolerance is for numbers only');
});

test('first_word is lower-cased without surrounding punctuation', () => {
  const rule = { extract: 'first_word' as const };
  assert.equal(extractAnswer(' Red. Lily has', rule), 'red');
  assert.equal(extractAnswer('"yes," she said', rule), 'yes');
  assert.equal(extractAnswer('   ', rule), '');
  assert.equal(exactMatch([' red. The', 'blue'], [' red.', ' green.'], rule), 0.5);
});

test('first_choice takes the earliest listed choice, case-sensitive, the longer one on a tie', () => {
  const rule = { extract: 'first_choice' as const, choices: ['answer1', 'answer2', 'answer10'] };
  assert.equal(extractAnswer('the correct answer is answer2, not answer1', rule), 'answer2');
  assert.equal(extractAnswer('the correct answer is Answer2, not answer1', rule), 'answer1');
  assert.equal(extractAnswer('answer10 it is', rule), 'answer10');
  assert.equal(extractAnswer('none of them', rule), '');
  const boolq = { extract: 'first_choice' as const, choices: ['true', 'false'] };
  assert.equal(exactMatch(['the correct answer is false', 'True'], ['false', 'false'], boolq), 0.5);
});

test('first_choice reads AQuA letters as LLM-Adapters does: the first capital A-E, never the a of a word', () => {
  const aqua = { extract: 'first_choice' as const, choices: ['A', 'B', 'C', 'D', 'E'] };
  assert.equal(extractAnswer('the answer is (C) 28', aqua), 'C');
  assert.equal(extractAnswer('there are 28 cars, so the answer is C', aqua), 'C');
  assert.equal(exactMatch(['the answer is (C) 28', 'so the answer is B'], ['C', 'D'], aqua), 0.5);
});

test('full compares the trimmed text with whitespace runs as one space (the default rule)', () => {
  assert.equal(extractAnswer('  a \n b  ', { extract: 'full' }), 'a b');
  assert.equal(exactMatch(['a  b', 'c'], ['a b', 'd']), 0.5);
});

test('an empty answer never matches, even an empty reference answer', () => {
  assert.equal(exactMatch(['no number'], ['none either'], { extract: 'last_number' }), 0);
});

test('bad inputs: mismatched lengths, no examples, first_choice without choices', () => {
  assert.throws(() => exactMatch(['a'], ['a', 'b']), /1 generations for 2 references/);
  assert.throws(() => exactMatch([], []), /no examples/);
  assert.throws(() => extractAnswer('x', { extract: 'first_choice' }), /needs choices/);
});

test('scoreMetrics scores exact_match with the task rule, and leaves it out when a split has no generations', () => {
  const metrics: SuiteMetric[] = [{ name: 'exact_match', direction: 'max' }, { name: 'loss', direction: 'min' }];
  const references = { kind: 'text' as const, values: ['The answer is 4', 'The answer is 9'] };
  const lm = { kind: 'lm' as const, nllSums: [2, 4], tokenCounts: [2, 2] };
  const withAnswers = scoreMetrics(metrics, { ...lm, generations: ['4', 'eight'], answer: { extract: 'last_number' } }, references);
  assert.deepEqual(withAnswers, { exact_match: 0.5, loss: 1.5 });
  assert.deepEqual(scoreMetrics(metrics, lm, references), { loss: 1.5 });
});
