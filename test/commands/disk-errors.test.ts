/**
 * A write the file system refuses — a full disk, a read-only file system, no permission — is one
 * message naming the file and exit 2 (src/commands/disk-errors.ts), never a stack trace, and what
 * was written before stays: the results already recorded, an earlier report, no lock, no temporary.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diskProblem } from '../../src/commands/disk-errors.ts';
import { readStoredRun } from '../../src/run/store.ts';
import { fixtures, reftbench, repo, tempDir, tinySuite } from '../run/helpers.ts';
import { failWritesUnder } from './support/failing-writes.ts';

function oneMessage(err: string[], path: string, code: string): void {
  const text = err.join('\n').trim();
  assert.equal(text.split('\n').length, 1, `one message: ${text}`);
  assert.ok(text.startsWith(`${path}: cannot write (${code}`), text);
  assert.doesNotMatch(text, /\n\s+at |Error:/);
}

test('the codes of a refused write are messages; other errors are not', () => {
  for (const code of ['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT']) {
    const error = Object.assign(new Error(code), { code, path: '/r/x.json' });
    assert.match(diskProblem(error)!, new RegExp(`^/r/x\\.json: cannot write \\(${code}: `));
  }
  assert.equal(diskProblem(Object.assign(new Error('gone'), { code: 'ENOENT' })), undefined);
  assert.match(diskProblem(Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'scandir', path: '/r' }))!, /^\/r: cannot read \(EACCES: permission denied\)/);
  assert.equal(diskProblem(new TypeError('bug')), undefined);
});

test('run: the disk filling up after the first result is exit 2, one message; that result stays, no lock, no temporary', { timeout: 120_000 }, async () => {
  const results = join(tempDir('disk-full-run'), 'results');
  const restore = failWritesUnder(results, { code: 'ENOSPC', after: 1, spare: ['.lock'] });
  let outcome;
  try {
    outcome = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results], tempDir('disk-full-cache'));
  } finally {
    restore();
  }
  assert.equal(outcome.code, 2, outcome.err.join('\n'));
  const written = readdirSync(results);
  const kept = written.filter((n) => n.endsWith('.json'));
  assert.equal(kept.length, 1, `the first result is kept: ${written.join(', ')}`);
  assert.equal((await readStoredRun(results, kept[0]!.slice(0, -5))).state, 'done');
  assert.deepEqual(written, kept, 'no lock and no temporary left');
  // Progress lines come first; then the one message, naming the result that could not be written.
  const message = outcome.err.filter((l) => l.includes('cannot write'));
  const refused = (message[0] ?? '').split(': cannot write')[0]!;
  assert.ok(refused.startsWith(join(results, 'tiny-')) && refused.endsWith('.json'), refused);
  oneMessage(message, refused, 'ENOSPC');
  assert.equal(outcome.err.at(-1), message[0], 'the message is the last line');
  assert.ok(!outcome.err.join('\n').includes('    at '), 'no stack trace');
});

test('run --jobs 2: the run beside the refused write stops too; nothing is written after the exit', { timeout: 120_000 }, async () => {
  const results = join(tempDir('disk-full-jobs'), 'results');
  const restore = failWritesUnder(results, { code: 'ENOSPC', after: 1, spare: ['.lock'] });
  let outcome;
  try {
    outcome = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results, '--jobs', '2'], tempDir('disk-full-jobs-cache'));
  } finally {
    restore();
  }
  assert.equal(outcome.code, 2, outcome.err.join('\n'));
  const after = readdirSync(results).sort();
  assert.ok(!after.includes('.lock'), 'no lock left');
  await new Promise((resolve) => setTimeout(resolve, 3000)); // a run still going would write now, with room again
  assert.deepEqual(readdirSync(results).sort(), after, 'no run went on after the exit');
});

test('report: a read-only output folder is exit 2, one message, and the earlier report is untouched', { timeout: 120_000 }, async () => {
  const dir = tempDir('disk-ro-report');
  const out = join(dir, 'report');
  const cache = tempDir('disk-ro-cache');
  const first = await reftbench(['report', join(repo, 'test/fixtures/results/fixture-mini'), '--out', out, '--resamples', '100'], cache);
  assert.equal(first.code, 0, first.err.join('\n'));
  const before = readFileSync(join(out, 'report.json'), 'utf8');
  const entries = readdirSync(out).sort();
  const results = join(dir, 'results');
  cpSync(join(repo, 'test/fixtures/results/fixture-mini'), results, { recursive: true });
  const restore = failWritesUnder(dir, { code: 'EROFS' });
  let second;
  try {
    second = await reftbench(['report', results, '--out', out, '--resamples', '100'], cache);
  } finally {
    restore();
  }
  assert.equal(second.code, 2, second.err.join('\n'));
  const refused = second.err.join('\n').trim().split(': cannot write')[0]!;
  assert.ok(refused.startsWith(dir), refused);
  oneMessage(second.err, refused, 'EROFS');
  assert.equal(readFileSync(join(out, 'report.json'), 'utf8'), before);
  assert.deepEqual(readdirSync(out).sort(), entries);
  assert.deepEqual(readdirSync(dir).sort(), ['report', 'results'], 'no temporary folder left');
  assert.ok(existsSync(join(out, 'README.md')));
});
