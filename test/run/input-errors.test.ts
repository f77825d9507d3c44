/**
 * User mistakes stop `reftbench run` before any result is written, with one message naming the
 * file (and row) and exit code 2: bad data rows, a missing column, an empty split, an unreadable
 * file, a bad suite, bad options, and a results folder held by another live runner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, reftbench, suiteVariant, tempDir, tinySuite } from './helpers.ts';

const cache = tempDir('errors-cache');

/** A copy of the fixture data with `change` applied to glue/SST-2/<file>. */
function brokenData(file: string, change: (text: string) => string): string {
  const dir = tempDir('errors-data');
  cpSync(join(fixtures, 'glue'), join(dir, 'glue'), { recursive: true });
  const path = join(dir, 'glue', 'SST-2', file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
  return dir;
}

async function expectUserError(args: string[], pattern: RegExp): Promise<void> {
  const results = join(tempDir('errors-results'), 'results');
  const outcome = await reftbench(['run', ...args, '--results', results], cache);
  assert.equal(outcome.code, 2, outcome.err.join('\n'));
  assert.equal(outcome.err.length, 1, `one message expected, got:\n${outcome.err.join('\n')}`);
  assert.match(outcome.err[0]!, pattern);
  assert.ok(!/\n\s+at /.test(outcome.err[0]!), 'no stack trace');
  assert.ok(!existsSync(results), 'nothing is written');
}

test('a label out of range names the file and its line', async () => {
  const data = brokenData('train.tsv', (t) => t.replace(/\t1\n/, '\t7\n'));
  const line = readFileSync(join(data, 'glue', 'SST-2', 'train.tsv'), 'utf8').split('\n').findIndex((l) => l.endsWith('\t7')) + 1;
  await expectUserError([tinySuite, '--data-dir', data], new RegExp(`SST-2/train\\.tsv:${line}: label "7"`));
});

test('a missing column names the file and the header', async () => {
  const data = brokenData('dev.tsv', (t) => t.replace('sentence\tlabel', 'text\tlabel'));
  await expectUserError([tinySuite, '--data-dir', data], /SST-2\/dev\.tsv:1: the header has no "sentence" column/);
});

test('an empty split names the file', async () => {
  const data = brokenData('dev.tsv', () => 'sentence\tlabel\n');
  await expectUserError([tinySuite, '--data-dir', data], /SST-2\/dev\.tsv: this split has no examples/);
});

test('an unreadable data file names the file', async () => {
  const data = brokenData('train.tsv', (t) => t);
  const file = join(data, 'glue', 'SST-2', 'train.tsv');
  rmSync(file);
  mkdirSync(file);
  await expectUserError([tinySuite, '--data-dir', data], /SST-2\/train\.tsv: cannot read this data file/);
});

test('an invalid suite gives file:line:column and nothing runs', async () => {
  const dir = tempDir('errors-suite');
  const suite = suiteVariant(dir, (s) => {
    (s.methods[0] as { kind: string }).kind = 'lorra';
  });
  await expectUserError([suite, '--data-dir', fixtures], /suite\.json:\d+:\d+ \/methods\/0\/kind: .*"lora"/);
});

test('bad options are one message each', async () => {
  await expectUserError(['--jobs', '0', tinySuite], /--jobs "0" is invalid/);
  await expectUserError([tinySuite, '--frobnicate'], /unknown option --frobnicate/);
  await expectUserError([tinySuite, '--backend', 'tpu'], /unknown backend "tpu"/);
  await expectUserError([], /give the suite file/);
});

test('a results folder held by a live runner is refused with who holds it', async () => {
  const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  try {
    const results = join(tempDir('errors-lock'), 'results');
    mkdirSync(results, { recursive: true });
    writeFileSync(join(results, '.lock'), `${JSON.stringify({ pid: holder.pid, host: (await import('node:os')).hostname(), since: '2026-01-01T00:00:00.000Z' })}\n`);
    const outcome = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results], cache);
    assert.equal(outcome.code, 2);
    assert.match(outcome.err.join('\n'), new RegExp(`in use by another runner \\(pid ${holder.pid}`));
    assert.deepEqual(readFileSync(join(results, '.lock'), 'utf8').includes(String(holder.pid)), true, 'the live lock is left alone');
  } finally {
    holder.kill('SIGKILL');
  }
});
