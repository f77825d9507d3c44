/** `reftbench plan … --json | head`: a reader that closes the pipe early ends the command quietly. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../../src/repo-root.ts';

test('stdout closed by its reader: exit 0, no EPIPE stack trace', { timeout: 60_000 }, async () => {
  const proc = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'reftbench.mjs'), 'plan', 'suites/glue.json', '--json'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  proc.stdout.once('data', () => proc.stdout.destroy()); // like `head -c 1`
  const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Error/);
});
