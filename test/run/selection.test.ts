/** Selection looks at dev scores of trials only: best by the metric's direction, ties to the lower trial, failures skipped. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectTrial } from '../../src/run/selection.ts';
import type { RunResult } from '../../src/types/result.ts';

function trial(index: number, dev: number | null, status: RunResult['status'] = 'ok', direction: 'max' | 'min' = 'max', test?: number): RunResult {
  return {
    runId: `r${index}`,
    status,
    spec: { trial: index, phase: 'trial', task: { selectionMetric: { name: 'accuracy', direction } } },
    metrics: { dev: { accuracy: dev }, ...(test === undefined ? {} : { test: { accuracy: test } }) },
  } as unknown as RunResult;
}

test('the best dev score wins, in the metric direction', () => {
  assert.equal(selectTrial('g', [trial(0, 0.5), trial(1, 0.8), trial(2, 0.7)]).selected?.trial, 1);
  assert.equal(selectTrial('g', [trial(0, 0.5, 'ok', 'min'), trial(1, 0.8, 'ok', 'min'), trial(2, 0.2, 'ok', 'min')]).selected?.trial, 2);
});

test('ties go to the lower trial index, whatever the input order', () => {
  assert.equal(selectTrial('g', [trial(2, 0.8), trial(1, 0.8), trial(0, 0.1)]).selected?.trial, 1);
});

test('failed trials and undefined scores cannot be selected; all failing selects nothing', () => {
  const s = selectTrial('g', [trial(0, 0.9, 'diverged'), trial(1, null), trial(2, 0.3)]);
  assert.equal(s.selected?.trial, 2);
  assert.deepEqual(s.scores.map((x) => x.score), [null, null, 0.3]);
  assert.equal(selectTrial('g', [trial(0, 0.9, 'failed'), trial(1, null)]).selected, undefined);
});

test('test metrics never influence the choice', () => {
  const s = selectTrial('g', [trial(0, 0.6, 'ok', 'max', 0.1), trial(1, 0.5, 'ok', 'max', 0.99)]);
  assert.equal(s.selected?.trial, 0);
});

test('a final run handed to selection is refused', () => {
  const final = { ...trial(0, 0.5), spec: { ...trial(0, 0.5).spec, phase: 'final' } } as unknown as RunResult;
  assert.throws(() => selectTrial('g', [final]), /final run/);
});
