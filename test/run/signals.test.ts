/**
 * The runner's signal handling (src/run/signals.ts): the first SIGINT/SIGTERM stops the runner
 * with exit code 128 + its number; a repeat within a second is the same stop (GNU timeout signals
 * the process and then its group); a later repeat exits at once, releasing the results lock first.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { acquireDirectoryLock, releaseHeldLocksSync } from '../../src/run/lock.ts';
import { Interruption, interruptedExitCode, REPEAT_GRACE_MS, stopOnSignals, type SignalDeps } from '../../src/run/signals.ts';
import { repo, tempDir } from './helpers.ts';

function fakeProcess() {
  const source = new EventEmitter();
  const calls: string[] = [];
  let clock = 0;
  const deps: SignalDeps = {
    source: source as unknown as SignalDeps['source'],
    now: () => clock,
    releaseLocks: () => calls.push('release'),
    warn: (text) => calls.push(`warn ${text}`),
    exit: (code) => calls.push(`exit ${code}`),
  };
  return { deps, calls, send: (signal: string) => source.emit(signal, signal), advance: (ms: number) => (clock += ms), listeners: () => source.listenerCount('SIGINT') + source.listenerCount('SIGTERM') };
}

test('the first signal aborts with its exit code; a repeat within the grace is ignored, a later one exits after releasing the lock', () => {
  const fake = fakeProcess();
  const controller = new AbortController();
  const uninstall = stopOnSignals(controller, fake.deps);
  fake.send('SIGTERM');
  assert.ok(controller.signal.reason instanceof Interruption);
  assert.equal(interruptedExitCode(controller.signal), 143);
  assert.deepEqual(fake.calls, ['warn SIGTERM: stopping after the current step; what finished is kept. Send it again (after a second) to exit at once.'], 'acknowledged at once');
  fake.calls.length = 0;
  fake.advance(REPEAT_GRACE_MS - 1);
  fake.send('SIGTERM');
  assert.deepEqual(fake.calls, [], 'a repeat within the grace is the same interruption');
  fake.advance(1);
  fake.send('SIGINT');
  assert.equal(fake.calls[0], 'release', 'the lock is released before the exit');
  assert.match(fake.calls[1]!, /^warn SIGINT while stopping: exiting now/);
  assert.equal(fake.calls[2], 'exit 130');
  uninstall();
  assert.equal(fake.listeners(), 0);
});

test('SIGINT means 130; a stop not caused by a signal means 130', () => {
  const fake = fakeProcess();
  const controller = new AbortController();
  stopOnSignals(controller, fake.deps);
  fake.send('SIGINT');
  assert.equal(interruptedExitCode(controller.signal), 130);
  assert.match(fake.calls[0]!, /^warn SIGINT: stopping after the current step; .* Press Ctrl-C again/);
  const other = new AbortController();
  other.abort(new Error('stopped'));
  assert.equal(interruptedExitCode(other.signal), 130);
});

test('releaseHeldLocksSync removes only the locks this process still holds', async () => {
  const mine = join(tempDir('signals'), 'results');
  const lock = await acquireDirectoryLock(mine);
  const taken = join(tempDir('signals'), 'results');
  const other = await acquireDirectoryLock(taken);
  writeFileSync(other.file, JSON.stringify({ pid: 1, host: 'elsewhere', since: 'then' })); // replaced by another owner
  releaseHeldLocksSync();
  assert.ok(!existsSync(lock.file));
  assert.ok(existsSync(other.file), 'a lock that is no longer ours is left alone');
  await lock.release();
  await other.release();
});

test('real signals: a quick repeat keeps the runner stopping; a late one exits with 128 + its number and no lock left', { timeout: 30_000 }, async () => {
  const dir = join(tempDir('signals'), 'results');
  const proc = spawn(process.execPath, ['--import', 'tsx', join(repo, 'test', 'run', 'signals-child.ts'), dir], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve) => proc.stdout.on('data', (chunk: Buffer) => ((stdout += chunk.toString()), stdout.includes('ready') && resolve())));
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  proc.kill('SIGTERM');
  await sleep(50);
  proc.kill('SIGTERM');
  await sleep(REPEAT_GRACE_MS + 200);
  assert.equal(proc.exitCode, null, `the quick repeat did not end the process: ${stderr}`);
  assert.match(stdout, /aborted 143/);
  assert.ok(existsSync(join(dir, '.lock')), 'the lock is still held while it stops');
  proc.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /SIGINT while stopping: exiting now/);
  assert.ok(!existsSync(join(dir, '.lock')), 'the forced exit released the lock');
});
