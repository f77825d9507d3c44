/**
 * Runs the torch worker's own Python tests (pytest, test/backends/torch/python/) inside `npm test`,
 * so one command and one test runner cover both languages. Skipped only when the project venv
 * (`npm run setup:torch`) is absent; CI creates it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../src/repo-root.ts';

const python = join(REPO_ROOT, '.venv', 'bin', 'python');

test('the torch worker passes its Python tests (pytest)', { skip: existsSync(python) ? false : 'no .venv: run `npm run setup:torch`', timeout: 15 * 60_000 }, () => {
  const result = spawnSync(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', 'test/backends/torch/python'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  const tail = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-30).join('\n');
  assert.equal(result.status, 0, `pytest failed:\n${tail}`);
  assert.match(result.stdout, /\d+ passed/, `pytest ran no test:\n${tail}`);
});
