/** Progress output: JSON events, plain periodic lines (CI) and the redrawn TTY bar. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonSink, plainSink, ttySink, type RunEvent } from '../../src/run/progress.ts';

const script: RunEvent[] = [
  { type: 'phase', phase: 'trials', total: 3, skipped: 1 },
  { type: 'run-start', runId: 'a', phase: 'trial' },
  { type: 'step', runId: 'a', step: 1, totalSteps: 2, loss: 0.75 },
  { type: 'run-end', runId: 'a', phase: 'trial', status: 'ok', file: '/r/a.json', seconds: 1 },
  { type: 'run-start', runId: 'b', phase: 'trial' },
  { type: 'run-end', runId: 'b', phase: 'trial', status: 'diverged', reason: 'NaN at step 2', file: '/r/b.json', seconds: 1 },
  { type: 'selected', group: 'm/t/full', trial: 0, runId: 'a', metric: 'accuracy', score: 0.5 },
  { type: 'summary', resultsDir: '/r', ok: 1, failed: 1, skipped: 1 },
];

test('--json prints each event as one JSON line', () => {
  const lines: string[] = [];
  const sink = jsonSink((l) => lines.push(l));
  script.forEach(sink);
  assert.equal(lines.length, script.length);
  assert.deepEqual(lines.map((l) => JSON.parse(l)), script);
});

test('plain lines: phase, failures, a progress line when a phase completes, selection and summary', () => {
  const lines: string[] = [];
  const sink = plainSink((l) => lines.push(l), 60_000);
  script.forEach(sink);
  assert.match(lines[0]!, /^trials: 3 runs \(1 already done, skipped\)$/);
  assert.ok(lines.some((l) => /^run b diverged: NaN at step 2$/.test(l)));
  assert.ok(lines.some((l) => /^trials: 2\/2 runs done, loss 0\.7500, ETA 0s$/.test(l)), lines.join('\n'));
  assert.ok(lines.some((l) => l.startsWith('selected m/t/full: trial 0')));
  assert.match(lines.at(-1)!, /1 ok, 1 failed, 1 skipped/);
  assert.ok(!lines.some((l) => l.includes('\r')), 'no cursor control in plain output');
});

test('the TTY bar is redrawn in place with runs done/total, loss and ETA', () => {
  let screen = '';
  const sink = ttySink((t) => (screen += t), 100);
  script.slice(0, 4).forEach(sink);
  const frames = screen.split('\r\x1b[2K');
  assert.ok(frames.length > 1, 'the bar is cleared and redrawn');
  assert.match(frames.at(-1)!, /^trials \[#+\.*\] 1\/2 loss 0\.7500 ETA \S+$/);
});
