/**
 * The torch adapter: finding the Python environment, parsing the event stream, turning crashes
 * and bad output into failed outcomes with the stderr tail, aborting, and (when .venv exists) a
 * real worker run end to end on a tiny model. Fake workers are small shell scripts standing in
 * for Python through REFTBENCH_PYTHON, so most tests need no torch.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../../../src/repo-root.ts';
import { findTorchPython, parseEventLine, runTorchWorker } from '../../../src/backends/torch/adapter.ts';
import { isUserError } from '../../../src/errors.ts';
import type { BackendEvent } from '../../../src/types/events.ts';

const START = JSON.stringify({
  type: 'start', runId: 'r', backend: 'torch', backendVersion: '0.1.0', device: 'cpu', dtype: 'float32',
  params: { trainable: 10, head: 2, base: 100 }, libraries: { torch: 'x' },
});
const STEP = JSON.stringify({ type: 'step', step: 1, loss: 0.5, lr: 0.001, tokens: 12, elapsedSeconds: 0.1 });
const END = JSON.stringify({
  type: 'end', steps: 1, tokens: 12, wallSeconds: 1, trainSeconds: 0.1, peakMemoryBytes: 1,
  predictions: [{ split: 'dev', predicted: [1, 0] }],
});

/** A stand-in worker: a shell script run as "python" that prints `stdout` and `stderr`, then exits. */
function fakePython(dir: string, body: string): NodeJS.ProcessEnv {
  const path = join(dir, `fake-python-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
  return { ...process.env, REFTBENCH_PYTHON: path };
}

const scratch = mkdtempSync(join(tmpdir(), 'reftbench-torch-adapter-'));
const lines = (...l: string[]) => l.map((x) => `echo '${x}'`).join('\n');

describe('findTorchPython', () => {
  test('a missing .venv is a UserError naming the set-up command', () => {
    assert.throws(
      () => findTorchPython(scratch, {}),
      (error: unknown) => isUserError(error) && error.message.includes('npm run setup:torch') && error.message.includes(join(scratch, '.venv', 'bin', 'python')),
    );
  });
  test('REFTBENCH_PYTHON overrides the project venv', () => {
    const env = fakePython(scratch, 'exit 0');
    assert.equal(findTorchPython(scratch, env), env.REFTBENCH_PYTHON);
  });
});

describe('parseEventLine', () => {
  test('accepts events that match the schema', () => {
    assert.equal(parseEventLine(START)?.type, 'start');
    assert.equal(parseEventLine(END)?.type, 'end');
  });
  test('rejects non-JSON and off-schema lines', () => {
    assert.equal(parseEventLine('Loading weights 100%'), undefined);
    assert.equal(parseEventLine(JSON.stringify({ type: 'step', step: 1 })), undefined);
    assert.equal(parseEventLine(JSON.stringify({ type: 'finish' })), undefined);
  });
});

describe('runTorchWorker with fake workers', () => {
  test('a clean run resolves ok with every event, in order', async () => {
    const seen: BackendEvent['type'][] = [];
    const outcome = await runTorchWorker({ specPath: 'spec.json', rootDir: scratch, env: fakePython(scratch, lines(START, STEP, END)), onEvent: (e) => seen.push(e.type) });
    assert.equal(outcome.status, 'ok');
    assert.deepEqual(seen, ['start', 'step', 'end']);
    if (outcome.status === 'ok') assert.equal(outcome.end.steps, 1);
  });

  test('a crash becomes a failed outcome with the stderr tail', async () => {
    const body = `${lines(START, STEP)}\nfor i in $(seq 1 100); do echo "log line $i" >&2; done\necho 'Segmentation fault' >&2\nexit 139`;
    const outcome = await runTorchWorker({ specPath: 'spec.json', rootDir: scratch, env: fakePython(scratch, body) });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.failure.reason, /exited with code 139/);
    const tail = outcome.failure.stderrTail.split('\n');
    assert.equal(tail.length, 40);
    assert.equal(tail.at(-1), 'Segmentation fault');
    assert.equal(outcome.steps.length, 1);
    assert.equal(outcome.start?.params.trainable, 10);
  });

  test('an internal error event is a failed outcome with its message', async () => {
    const error = JSON.stringify({ type: 'error', kind: 'internal', message: 'RuntimeError: boom' });
    const outcome = await runTorchWorker({ specPath: 's.json', rootDir: scratch, env: fakePython(scratch, `${lines(START, error)}\nexit 1`) });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.failure.reason, /RuntimeError: boom/);
  });

  test('a diverged error event is a diverged outcome', async () => {
    const error = JSON.stringify({ type: 'error', kind: 'diverged', message: 'the training loss became nan at step 3', step: 3 });
    const outcome = await runTorchWorker({ specPath: 's.json', rootDir: scratch, env: fakePython(scratch, `${lines(START, error)}\nexit 3`) });
    assert.equal(outcome.status, 'diverged');
  });

  test('a user error event rejects with a UserError naming the spec', async () => {
    const error = JSON.stringify({ type: 'error', kind: 'user', message: 'run spec /model/source: /m has no config.json.' });
    await assert.rejects(
      runTorchWorker({ specPath: 'runs/x.json', rootDir: scratch, env: fakePython(scratch, `${lines(error)}\nexit 2`) }),
      (e: unknown) => isUserError(e) && e.message.includes('runs/x.json') && e.message.includes('has no config.json'),
    );
  });

  test('stray stdout output fails the run instead of being ignored', async () => {
    const outcome = await runTorchWorker({ specPath: 's.json', rootDir: scratch, env: fakePython(scratch, lines(START, 'some library print', END)) });
    assert.equal(outcome.status, 'failed');
    assert.match(outcome.failure.reason, /not a valid event.*some library print/);
  });

  test('an exit without an end event is a failure', async () => {
    const outcome = await runTorchWorker({ specPath: 's.json', rootDir: scratch, env: fakePython(scratch, `${lines(START)}\nexit 0`) });
    assert.equal(outcome.status, 'failed');
  });

  test('aborting kills the worker and rejects with the reason', async () => {
    const pidFile = join(scratch, 'pid');
    const controller = new AbortController();
    const body = `echo $$ > ${pidFile}\n${lines(START)}\nexec sleep 60`;
    const began = Date.now();
    const run = runTorchWorker({
      specPath: 's.json', rootDir: scratch, env: fakePython(scratch, body), signal: controller.signal,
      onEvent: (e) => { if (e.type === 'start') controller.abort(new Error('user pressed Ctrl-C')); },
    });
    await assert.rejects(run, /user pressed Ctrl-C/);
    assert.ok(Date.now() - began < 10_000);
    const pid = Number(execFileSync('cat', [pidFile], { encoding: 'utf8' }).trim());
    assert.throws(() => process.kill(pid, 0)); // the process is gone
  });
});

const venvPython = join(REPO_ROOT, '.venv', 'bin', 'python');
describe('runTorchWorker end to end', { skip: existsSync(venvPython) ? false : 'no .venv: run `npm run setup:torch` to test the real worker' }, () => {
  test('a tiny LoReFT run on a tiny RoBERTa streams events and predictions', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reftbench-torch-e2e-'));
    const specPath = execFileSync(venvPython, [join(REPO_ROOT, 'test/backends/torch/python/write_tiny_run.py'), dir, 'loreft', '3'], {
      encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PYTHONPATH: join(REPO_ROOT, 'src/backends/torch'), PYTHONDONTWRITEBYTECODE: '1' },
    }).trim();
    const outcome = await runTorchWorker({ specPath });
    assert.equal(outcome.status, 'ok', outcome.status === 'ok' ? '' : outcome.failure.reason + outcome.failure.stderrTail);
    if (outcome.status !== 'ok') return;
    assert.equal(outcome.start.params.trainable, 3 * (2 * 32 * 1 + 1)); // r=1 on the 3 layers of hidden size 32
    assert.equal(outcome.steps.length, 3);
    assert.deepEqual(outcome.end.predictions.map((p) => [p.split, p.predicted.length]), [['dev', 8], ['test', 6]]);
  });
});
