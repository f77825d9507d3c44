/**
 * The other ways a run's terminal goes away: SIGHUP (the terminal closed) stops the runner as
 * SIGTERM does — what finished recorded, exit 129, no lock left — and a reader that closes stdout
 * (`reftbench run --json | head -1`) stops it as SIGPIPE would, exit 141, the lock released, instead
 * of exiting at once with the lock held.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStoredRun } from '../../src/run/store.ts';
import { fixtures, repo, tempDir, tinySuite } from './helpers.ts';

/** Runs the tiny suite with --json; once a run has ended, `stop` is applied to the process. */
function run(results: string, stop: 'SIGHUP' | 'close stdout'): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [join(repo, 'bin', 'reftbench.mjs'), 'run', tinySuite, '--data-dir', fixtures, '--results', results, '--json'], {
      cwd: repo,
      env: { ...process.env, REFTBENCH_CACHE_DIR: tempDir('hup-pipe-cache'), HF_HUB_OFFLINE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let stopped = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stopped || !stdout.includes('"type":"run-end"')) return;
      stopped = true;
      if (stop === 'SIGHUP') proc.kill('SIGHUP');
      else proc.stdout.destroy();
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function assertStoppedCleanly(results: string, stderr: string): Promise<void> {
  assert.ok(!existsSync(join(results, '.lock')), 'the lock is released');
  const written = readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_'));
  assert.ok(written.length >= 1 && written.length < 8, `${written.length} results`);
  for (const name of written) assert.equal((await readStoredRun(results, name.slice(0, -5))).state, 'done');
  assert.doesNotMatch(stderr, /\n\s+at |Error/);
}

test('SIGHUP stops the runner like SIGTERM: exit 129, what finished recorded, no lock left', { timeout: 120_000 }, async () => {
  const results = join(tempDir('hup'), 'results');
  const stopped = await run(results, 'SIGHUP');
  assert.equal(stopped.code, 129, stopped.stderr);
  assert.match(stopped.stdout, /"type":"interrupted"/);
  await assertStoppedCleanly(results, stopped.stderr);
});

test('stdout closed by its reader during a run: stopped as by SIGPIPE, exit 141, no lock left', { timeout: 120_000 }, async () => {
  const results = join(tempDir('pipe'), 'results');
  const stopped = await run(results, 'close stdout');
  assert.equal(stopped.code, 141, stopped.stderr);
  await assertStoppedCleanly(results, stopped.stderr);
});
