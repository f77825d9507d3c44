/**
 * Malformed suites (test/fixtures/suites/bad/*.json, expected fragments in expected.json): each must
 * give exactly one clear problem naming file:line:column, exit code 2, no stack trace, nothing written.
 * Good suites beside them must validate.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli.ts';
import type { CommandIO } from '../../src/commands/command.ts';

const badDir = resolve(import.meta.dirname, '../fixtures/suites/bad');
const goodDir = resolve(import.meta.dirname, '../fixtures/suites/good');
const suitesDir = resolve(import.meta.dirname, '../../suites');
const expected = JSON.parse(readFileSync(join(badDir, 'expected.json'), 'utf8')) as Record<string, { fragment: string; at?: string }>;

async function run(args: string[]): Promise<{ code: number; out: string; err: string; written: string[] }> {
  const cwd = mkdtempSync(join(tmpdir(), 'reftbench-validate-'));
  let out = '';
  let err = '';
  const io: CommandIO = { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`), cwd, env: {} };
  try {
    const code = await main(args, io);
    return { code, out, err, written: readdirSync(cwd) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

const badFiles = readdirSync(badDir).filter((f) => f.endsWith('.json') && f !== 'expected.json').sort();

test('there are at least 25 malformed suites, each with an expected message', () => {
  assert.ok(badFiles.length >= 25, `only ${badFiles.length} bad fixtures`);
  assert.deepEqual(badFiles, Object.keys(expected).sort());
});

for (const file of badFiles) {
  test(`bad suite ${file}: one clear message, exit code 2`, async () => {
    const path = join(badDir, file);
    const { code, out, err, written } = await run(['validate', path]);
    const want = expected[file]!;
    assert.equal(code, 2, err);
    assert.equal(out, '');
    assert.deepEqual(written, []);
    assert.ok(err.includes(want.fragment), `expected "${want.fragment}" in:\n${err}`);
    assert.doesNotMatch(err, /\n\s+at .+:[0-9]+:[0-9]+\)?\n/, 'no stack trace');
    const problems = err.split('\n').filter((l) => l.startsWith(`  ${path}:`) || l.startsWith(`${path}:`));
    assert.equal(problems.length, 1, `exactly one problem expected:\n${err}`);
    assert.match(problems[0]!, new RegExp(`${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:[0-9]+:[0-9]+`));
    if (want.at !== undefined) assert.ok(problems[0]!.includes(`:${want.at}`), `expected position ${want.at} in ${problems[0]}`);
  });
}

test('the position points at the offending value in the file', async () => {
  const path = join(badDir, 'unknown-kind.json');
  const text = readFileSync(path, 'utf8');
  const offset = text.indexOf('"lorra"');
  const before = text.slice(0, offset).split('\n');
  const at = `${before.length}:${before.at(-1)!.length + 1}`;
  const { err } = await run(['validate', path]);
  assert.ok(err.includes(`${path}:${at} /methods/1/kind:`), err);
});

test('an unknown field is located at its name', async () => {
  const path = join(badDir, 'unknown-field.json');
  const text = readFileSync(path, 'utf8');
  const before = text.slice(0, text.indexOf('"rnak"')).split('\n');
  const { err } = await run(['validate', path]);
  assert.ok(err.includes(`${path}:${before.length}:${before.at(-1)!.length + 1} /methods/1/search/rnak:`), err);
});

test('every problem is listed at once, in file order', async () => {
  const path = join(badDir, 'unknown-kind.json');
  const text = readFileSync(path, 'utf8').replace('"two"', '"x"').replace('"trials": 2', '"trials": "two"').replace('"rank": 8', '"rnak": 8');
  const tmp = mkdtempSync(join(tmpdir(), 'reftbench-multi-'));
  try {
    const file = join(tmp, 'multi.json');
    (await import('node:fs')).writeFileSync(file, text);
    const { code, err } = await run(['validate', file]);
    assert.equal(code, 2);
    const lines = err.split('\n').filter((l) => l.startsWith(`  ${file}:`));
    assert.equal(lines.length, 3, err);
    assert.match(err, /\(3 problems;/);
    assert.ok(lines[0]!.includes('/methods/1/kind') && lines[1]!.includes('/methods/1/search/rnak') && lines[2]!.includes('/tuning/trials'), err);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});

test('a missing suite file is one message and exit code 2', async () => {
  const { code, err } = await run(['validate', 'no/such/suite.json']);
  assert.equal(code, 2);
  assert.match(err, /no\/such\/suite\.json: cannot read the suite file \(no such file\)/);
});

test('validate without a suite, or with two, is a usage error', async () => {
  assert.equal((await run(['validate'])).code, 2);
  assert.equal((await run(['validate', 'a.json', 'b.json'])).code, 2);
  assert.equal((await run(['plan', 'a.json', '--jsno'])).code, 2);
});

for (const [dir, file] of [[goodDir, 'base.json'], [suitesDir, 'quickstart.json'], [suitesDir, 'glue.json']] as const) {
  test(`good suite ${file} validates`, async () => {
    const { code, out, err } = await run(['validate', join(dir, file)]);
    assert.equal(code, 0, err);
    assert.match(out, /valid suite/);
  });
}
