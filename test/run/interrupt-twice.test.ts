/**
 * `timeout -s TERM N reftbench run …`: GNU timeout signals the runner and then its process group,
 * so one stop arrives as two SIGTERMs in a row. They are one interruption: what finished is
 * recorded, the "interrupted" event is printed, the lock is released, and the exit code is 143.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStoredRun } from '../../src/run/store.ts';
import { fixtures, repo, tempDir, tinySuite } from './helpers.ts';

test('two SIGTERMs in a row stop the runner once: exit 143, interrupted, no lock left', { timeout: 120_000 }, async () => {
  const results = join(tempDir('interrupt-twice'), 'results');
  const proc = spawn(process.execPath, [join(repo, 'bin', 'reftbench.mjs'), 'run', tinySuite, '--data-dir', fixtures, '--results', results, '--json'], {
    cwd: repo,
    env: { ...process.env, REFTBENCH_CACHE_DIR: tempDir('interrupt-twice-cache'), HF_HUB_OFFLINE: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let sent = false;
  proc.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (!sent && stdout.includes('"type":"run-end"')) {
      sent = true;
      proc.kill('SIGTERM');
      setTimeout(() => proc.kill('SIGTERM'), 20); // timeout's second signal, to the process group
    }
  });
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  assert.equal(code, 143, stderr);
  assert.match(stdout, /"type":"interrupted"/);
  assert.ok(!existsSync(join(results, '.lock')), 'the lock is released');
  const written = readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_'));
  assert.ok(written.length >= 1 && written.length < 8, `${written.length} results`);
  for (const name of written) assert.equal((await readStoredRun(results, name.slice(0, -5))).state, 'done');
});
