/** The results-directory lock: one holder at a time, stale locks of dead processes taken over. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.ts';
import { acquireDirectoryLock } from '../../src/run/lock.ts';
import { pidAlive } from '../../src/orphan-temps.ts';
import { tempDir } from '../data/temp-dirs.ts';

const userError = (pattern: RegExp) => (error: unknown) => error instanceof UserError && pattern.test(error.message);

test('a second runner is refused while the first holds the lock, and may take it after release', async () => {
  const dir = join(tempDir('lock'), 'results');
  const first = await acquireDirectoryLock(dir);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, '.lock'), 'utf8')).pid, process.pid);
  await assert.rejects(acquireDirectoryLock(dir), userError(new RegExp(`is in use by another runner \\(pid ${process.pid} on `)));
  await first.release();
  await first.release();
  assert.ok(!existsSync(join(dir, '.lock')));
  const second = await acquireDirectoryLock(dir);
  await second.release();
});

test('a lock held by another live process is respected', async (t) => {
  const dir = tempDir('lock');
  const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
  t.after(() => sleeper.kill('SIGKILL'));
  writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: sleeper.pid, host: hostname(), since: '2026-01-01T00:00:00Z' }));
  await assert.rejects(acquireDirectoryLock(dir), userError(new RegExp(`pid ${sleeper.pid} on .*delete .*\\.lock`, 's')));
  writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: 1, host: 'another-machine', since: '2026-01-01T00:00:00Z' }));
  await assert.rejects(acquireDirectoryLock(dir), userError(/pid 1 on another-machine/));
});

test('stale locks (dead pid, or old unreadable content) are taken over', async () => {
  const dir = tempDir('lock');
  const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  await new Promise((resolve) => dead.on('exit', resolve));
  assert.equal(pidAlive(dead.pid!), false);
  writeFileSync(join(dir, '.lock'), JSON.stringify({ pid: dead.pid, host: hostname(), since: '2026-01-01T00:00:00Z' }));
  const lock = await acquireDirectoryLock(dir);
  assert.equal(lock.owner.pid, process.pid);
  await lock.release();
  writeFileSync(join(dir, '.lock'), '');
  await assert.rejects(acquireDirectoryLock(dir), userError(/in use by another runner/)); // may be mid-write
  const old = new Date(Date.now() - 60_000);
  utimesSync(join(dir, '.lock'), old, old);
  const taken = await acquireDirectoryLock(dir);
  await taken.release();
});

test('an unwritable results folder is a user error', async () => {
  const dir = tempDir('lock');
  writeFileSync(join(dir, 'file'), '');
  await assert.rejects(acquireDirectoryLock(join(dir, 'file', 'results')), userError(/cannot write results here \(ENOTDIR\)/));
});

test('a folder the lock created is removed on release while nothing was written into it, and kept otherwise', async () => {
  const top = tempDir('lock');
  const dir = join(top, 'new', 'results');
  const empty = await acquireDirectoryLock(dir);
  assert.ok(existsSync(dir));
  await empty.release();
  assert.ok(!existsSync(join(top, 'new')), 'the folders this lock created are gone');
  assert.ok(existsSync(top), 'the folder that was already there stays');

  const written = await acquireDirectoryLock(dir);
  writeFileSync(join(dir, 'a-result.json'), '{}');
  await written.release();
  assert.ok(existsSync(join(dir, 'a-result.json')));

  const existing = tempDir('lock');
  const again = await acquireDirectoryLock(existing);
  await again.release();
  assert.ok(existsSync(existing), 'a folder that existed before the lock is never removed');
});
