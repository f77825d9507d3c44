/** JSONL tasks: the three shapes, and one message per bad line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.ts';
import { parseJsonlTask } from '../../src/data/jsonl-task.ts';

const userError = (pattern: RegExp) => (error: unknown) => error instanceof UserError && pattern.test(error.message);

test('causal LM, classification and regression files', () => {
  const lm = parseJsonlTask('{"prompt":"Hi","response":" there"}\n\n{"prompt":"A","response":"B"}\n', 'lm.jsonl', { kind: 'causal_lm' });
  assert.deepEqual(lm, { kind: 'causal_lm', examples: [{ prompt: 'Hi', response: ' there' }, { prompt: 'A', response: 'B' }] });
  const cls = parseJsonlTask('{"text":"a","text_pair":"b","label":2}\n{"text":"c","text_pair":"d","label":0}', 'c.jsonl', { kind: 'classification', numLabels: 3 });
  assert.deepEqual(cls, { kind: 'classification', labelNames: ['0', '1', '2'], examples: [{ text: 'a', textPair: 'b', label: 2 }, { text: 'c', textPair: 'd', label: 0 }] });
  const reg = parseJsonlTask('{"text":"a","label":0.25}\r\n', 'r.jsonl', { kind: 'regression' });
  assert.deepEqual(reg.examples, [{ text: 'a', label: 0.25 }]);
});

test('bad lines name the file and line', () => {
  assert.throws(() => parseJsonlTask('{"text":"a","label":1}\n{"text": oops}\n', 'x.jsonl', { kind: 'classification' }), userError(/^x\.jsonl:2: not a JSON object/));
  assert.throws(() => parseJsonlTask('[1,2]\n', 'x.jsonl', { kind: 'classification' }), userError(/^x\.jsonl:1: not a JSON object \(not an object\)/));
  assert.throws(() => parseJsonlTask('{"text":"a","label":5}\n', 'x.jsonl', { kind: 'classification', numLabels: 2 }), userError(/^x\.jsonl:1: label 5 is not an integer class index in \[0, 1\]/));
  assert.throws(() => parseJsonlTask('{"text":"a","label":1}\n{"text":"b","text_pair":"c","label":1}\n', 'x.jsonl', { kind: 'classification' }), userError(/^x\.jsonl:2: this line's fields differ/));
  assert.throws(() => parseJsonlTask('{"prompt":"a"}\n', 'x.jsonl', { kind: 'causal_lm' }), userError(/^x\.jsonl:1: expected \{"prompt": string, "response": string\}/));
  assert.throws(() => parseJsonlTask('{"text":"a","label":"high"}\n', 'x.jsonl', { kind: 'regression' }), userError(/^x\.jsonl:1: expected/));
  assert.throws(() => parseJsonlTask('\n\n', 'empty.jsonl', { kind: 'regression' }), userError(/^empty\.jsonl: this split has no examples/));
});
