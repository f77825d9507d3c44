/** Progress output: JSON events, plain periodic lines (CI) and the redrawn TTY bar. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { jsonSink, plainSink, ttySink, type RunEvent } from '../../src/run/progress.ts';
import { events, fixtures, reftbench, tempDir, tinySuite } from './helpers.ts';

const script: RunEvent[] = [
  { type: 'phase', phase: 'trials', total: 3, skipped: 1 },
  { type: 'run-start', runId: 'a', phase: 'trial' },
  { type: 'step', runId: 'a', step: 1, totalSteps: 2, loss: 0.75 },
  { type: 'run-end', runId: 'a', phase: 'trial', status: 'ok', file: '/r/a.json', seconds: 1 },
  { type: 'run-start', runId: 'b', phase: 'trial' },
  { type: 'run-end', runId: 'b', phase: 'trial', status: 'diverged', reason: 'NaN at step 2', file: '/r/b.json', seconds: 1 },
  { type: 'selected', group: 'm/t/full', trial: 0, runId: 'a', metric: 'accuracy', score: 0.5 },
  { type: 'selected', group: 'm/t/lora@0', trial: 1, runId: 'c', metric: 'accuracy', score: 0.5 },
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
  // a ladder's group is numbered from 1, as plan and the report number its levels
  assert.ok(lines.some((l) => l.startsWith('selected m/t/lora at budget level 1: trial 1')), lines.join('\n'));
  assert.match(lines.at(-1)!, /1 ok, 1 failed, 1 skipped/);
  assert.ok(!lines.some((l) => l.includes('\r')), 'no cursor control in plain output');
});

test('the TTY bar is redrawn in place with runs done/total, loss and ETA', () => {
  let screen = '';
  const sink = ttySink((t) => (screen += t), 100);
  script.slice(0, 4).forEach(sink);
  const frames = screen.split('\r\x1b[2K');
  assert.ok(frames.length > 1, 'the bar is cleared and redrawn');
  assert.match(frames.at(-1)!, /^trials \[#+\.*\] 1\/2 loss 0\.7500 ETA trials \S+$/);
});

/** A clock the test moves by hand; `every` callbacks run when `advance` passes their time. */
function fakeClock() {
  let now = 0;
  const timers: Array<{ ms: number; next: number; fn: () => void; live: boolean }> = [];
  return {
    clock: {
      now: () => now,
      every(ms: number, fn: () => void) {
        const timer = { ms, next: now + ms, fn, live: true };
        timers.push(timer);
        return () => void (timer.live = false);
      },
    },
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = timers.filter((t) => t.live && t.next <= end).sort((a, b) => a.next - b.next)[0];
        if (due === undefined) break;
        now = due.next;
        due.next += due.ms;
        due.fn();
      }
      now = end;
    },
    live: () => timers.filter((t) => t.live).length,
  };
}

test('inside a run: step counter, real tokens/s, loss and ETAs of the run and the phase from its first steps', () => {
  const time = fakeClock();
  let screen = '';
  const sink = ttySink((t) => (screen += t), 160, time.clock);
  sink({ type: 'phase', phase: 'trials', total: 3, skipped: 0 });
  sink({ type: 'run-start', runId: 'a', phase: 'trial' });
  time.advance(10_000); // loading the model and the first step
  sink({ type: 'step', runId: 'a', step: 1, totalSteps: 10, loss: 0.9, tokens: 100 });
  for (const step of [2, 3]) {
    time.advance(2_000);
    sink({ type: 'step', runId: 'a', step, totalSteps: 10, loss: 0.8, tokens: 100 });
  }
  // 2 s a step: 7 steps left (14 s); each of the 2 runs left projected at 10 s + 10 × 2 s
  const frame = screen.split('\r\x1b[2K').at(-1)!;
  assert.match(frame, /^trials \[\.+\] 0\/3 step 3\/10 50\.0 tok\/s loss 0\.8000 ETA run 14s, trials 1m14s$/);
});

test('without a TTY: while a run is in progress, a line with its step at least every 30 s, none after the summary', () => {
  const time = fakeClock();
  const lines: string[] = [];
  const sink = plainSink((l) => lines.push(l), 30_000, time.clock);
  sink({ type: 'phase', phase: 'trials', total: 2, skipped: 0 });
  sink({ type: 'run-start', runId: 'a', phase: 'trial' });
  time.advance(5_000);
  sink({ type: 'step', runId: 'a', step: 1, totalSteps: 4, loss: 0.7, tokens: 64 });
  time.advance(20_000);
  sink({ type: 'step', runId: 'a', step: 2, totalSteps: 4, loss: 0.6, tokens: 64 });
  assert.equal(lines.length, 1, 'nothing but the phase line in the first 30 s');
  time.advance(10_000); // a step longer than the interval: at 30 s a line, not silence
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[1]!, /^trials: 0\/2 runs done; current run at step 2\/4, 3\.20 tokens\/s, loss 0\.6000, ETA run 40s, trials 2m05s$/);
  time.advance(30_000);
  assert.equal(lines.length, 3);
  sink({ type: 'run-end', runId: 'a', phase: 'trial', status: 'ok', file: '/r/a.json', seconds: 95 });
  sink({ type: 'summary', resultsDir: '/r', ok: 1, failed: 0, skipped: 0 });
  assert.equal(time.live(), 0, 'the timer stops with the summary');
  const count = lines.length;
  time.advance(120_000);
  assert.equal(lines.length, count);
});

test('the runner reports each step with its batch\'s real tokens', { timeout: 120_000 }, async () => {
  const results = join(tempDir('progress-tokens'), 'results');
  const outcome = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results, '--json'], tempDir('progress-tokens-cache'));
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  const steps = events(outcome).filter((e) => e.type === 'step');
  assert.ok(steps.length > 0);
  for (const step of steps) assert.ok(typeof step.tokens === 'number' && step.tokens > 0, JSON.stringify(step));
});
