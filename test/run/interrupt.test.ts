/**
 * Ctrl-C: the runner stops starting runs, abandons the ones in flight without a result, records
 * what finished, releases its lock and exits with 130; the same command then resumes and finishes.
 * `timeout -s TERM N reftbench run …`: GNU timeout signals the runner and then its process group,
 * so one stop arrives as two SIGTERMs in a row; they are one interruption, exit 143.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStoredRun } from '../../src/run/store.ts';
import { fixtures, repo, tempDir, tinySuite } from './helpers.ts';

/** Runs the tiny suite; `signals` (sent 20 ms apart once the first run has ended) interrupt it. */
function run(results: string, cache: string, signals: NodeJS.Signals[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [join(repo, 'bin', 'reftbench.mjs'), 'run', tinySuite, '--data-dir', fixtures, '--results', results, '--json'], {
      cwd: repo,
      env: { ...process.env, REFTBENCH_CACHE_DIR: cache, HF_HUB_OFFLINE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let sent = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (signals.length > 0 && !sent && stdout.includes('"type":"run-end"')) {
        sent = true;
        signals.forEach((signal, i) => setTimeout(() => proc.kill(signal), 20 * i));
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('SIGINT records what finished, exits 130 without a lock left; the rerun finishes the rest', { timeout: 240_000 }, async () => {
  const results = join(tempDir('interrupt'), 'results');
  const cache = tempDir('interrupt-cache');
  const stopped = await run(results, cache, ['SIGINT']);
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stdout, /"type":"interrupted"/);
  const written = readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_'));
  assert.ok(written.length >= 1 && written.length < 8, `${written.length} results after the interrupt`);
  for (const name of written) assert.equal((await readStoredRun(results, name.slice(0, -5))).state, 'done');
  assert.ok(!existsSync(join(results, '.lock')), 'the lock is released');
  const ended = (stopped.stdout.match(/"type":"run-end"/g) ?? []).length;
  assert.equal(written.length, ended, 'every run that ended has its result, and only those');

  const resumed = await run(results, cache, []);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_')).length, 8);
  assert.equal((resumed.stdout.match(/"type":"run-start"/g) ?? []).length, 8 - written.length);
});

test('two SIGTERMs in a row stop the runner once: exit 143, interrupted, no lock left', { timeout: 120_000 }, async () => {
  const results = join(tempDir('interrupt-twice'), 'results');
  const stopped = await run(results, tempDir('interrupt-twice-cache'), ['SIGTERM', 'SIGTERM']);
  assert.equal(stopped.code, 143, stopped.stderr);
  assert.match(stopped.stdout, /"type":"interrupted"/);
  assert.ok(!existsSync(join(results, '.lock')), 'the lock is released');
  const written = readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_'));
  assert.ok(written.length >= 1 && written.length < 8, `${written.length} results`);
  for (const name of written) assert.equal((await readStoredRun(results, name.slice(0, -5))).state, 'done');
});
