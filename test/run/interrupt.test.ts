/**
 * Ctrl-C: the runner stops starting runs, abandons the ones in flight without a result, records
 * what finished, releases its lock and exits with 130; the same command then resumes and finishes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStoredRun } from '../../src/run/store.ts';
import { fixtures, repo, tempDir, tinySuite } from './helpers.ts';

function run(results: string, cache: string, interruptAfterFirstRun: boolean): Promise<{ code: number | null; stdout: string; stderr: string }> {
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
      if (interruptAfterFirstRun && !sent && stdout.includes('"type":"run-end"')) {
        sent = true;
        proc.kill('SIGINT');
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('SIGINT records what finished, exits 130 without a lock left; the rerun finishes the rest', { timeout: 240_000 }, async () => {
  const results = join(tempDir('interrupt'), 'results');
  const cache = tempDir('interrupt-cache');
  const stopped = await run(results, cache, true);
  assert.equal(stopped.code, 130, stopped.stderr);
  assert.match(stopped.stdout, /"type":"interrupted"/);
  const written = readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_'));
  assert.ok(written.length >= 1 && written.length < 8, `${written.length} results after the interrupt`);
  for (const name of written) assert.equal((await readStoredRun(results, name.slice(0, -5))).state, 'done');
  assert.ok(!existsSync(join(results, '.lock')), 'the lock is released');
  const ended = (stopped.stdout.match(/"type":"run-end"/g) ?? []).length;
  assert.equal(written.length, ended, 'every run that ended has its result, and only those');

  const resumed = await run(results, cache, false);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal(readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_')).length, 8);
  assert.equal((resumed.stdout.match(/"type":"run-start"/g) ?? []).length, 8 - written.length);
});
