/**
 * Suite texts that JSON.parse would read "successfully" or that editors commonly produce: a key
 * repeated within one object is an error at the repeated key's line:column (exit 2, nothing written);
 * a UTF-8 byte order mark is ignored; bounds without an upper limit read "must be at least".
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli.ts';
import { parseJsonDocument } from '../../src/suite/json-text.ts';

const baseFile = resolve(import.meta.dirname, '../fixtures/suites/good/base.json');
const schema = resolve(import.meta.dirname, '../../schemas/suite.schema.json');
const base = readFileSync(baseFile, 'utf8').replace('../../../../schemas/suite.schema.json', schema);

/** Validates `text` written to a temporary suite file. */
async function validate(text: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'reftbench-quirks-'));
  const file = join(cwd, 'suite.json');
  writeFileSync(file, text);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(['validate', file], { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd, env: {} });
    return { code, out: out.join('\n'), err: err.join('\n'), file, written: readdirSync(cwd) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** 1-based line:column of the `n`-th (0-based) occurrence of `needle`. */
function positionOf(text: string, needle: string, n: number): string {
  let offset = -1;
  for (let i = 0; i <= n; i++) offset = text.indexOf(needle, offset + 1);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

test('a key repeated within one object is one problem at the second occurrence, naming the key', async () => {
  const text = base.replace('"alpha": 16,', '"alpha": 16,\n        "rank": 4,');
  assert.equal(JSON.parse(text).methods[1].search.rank, 4, 'the fixture really repeats the key');
  const { code, out, err, file, written } = await validate(text);
  assert.equal(code, 2, err);
  assert.equal(out, '');
  assert.deepEqual(written, ['suite.json']);
  const second = positionOf(text, '"rank": 4', 0);
  const first = positionOf(text, '"rank": 8', 0);
  assert.ok(err.includes(`${file}:${second} /methods/1/search/rank: "rank" appears again in this object (first at ${first})`), err);
  assert.equal(err.split('\n').filter((l) => l.startsWith(`  ${file}:`)).length, 1, err);
});

test('repeated keys are found at every depth and reported in file order', () => {
  const parsed = parseJsonDocument('{"a": 1, "b": {"c": [{"d": 1, "d": 2}]}, "a": 3, "x/y": 0, "x/y": 1}');
  assert.ok(parsed.ok);
  assert.deepEqual(
    parsed.doc.duplicateKeys.map((d) => [d.key, d.pointer, `${d.at.line}:${d.at.column}`, `${d.first.line}:${d.first.column}`]),
    [['d', '/b/c/0/d', '1:31', '1:23'], ['a', '/a', '1:42', '1:2'], ['x/y', '/x~1y', '1:60', '1:50']],
  );
  const clean = parseJsonDocument('{"a": {"a": 1}, "b": [{"a": 1}, {"a": 2}]}');
  assert.ok(clean.ok);
  assert.deepEqual(clean.doc.duplicateKeys, []);
});

test('a suite starting with a UTF-8 byte order mark validates like the same suite without one', async () => {
  const plain = await validate(base);
  const withBom = await validate(`\uFEFF${base}`);
  assert.equal(withBom.code, 0, withBom.err);
  assert.equal(withBom.out.replace(withBom.file, 'F'), plain.out.replace(plain.file, 'F'));
  // positions after the mark are counted as an editor shows them
  const text = base.replace('"name": "fixture"', '"name": "fixture",,');
  const broken = await validate(`\uFEFF${text}`);
  assert.equal(broken.code, 2);
  const [line, column] = positionOf(text, ',,', 0).split(':').map(Number);
  assert.ok(broken.err.startsWith(`${broken.file}:${line}:${column! + 1}: invalid JSON`), broken.err);
  assert.doesNotMatch(broken.err, /:1:1: invalid JSON/);
});

test('a negative rank must be at least 1 (no "Infinity" in the message)', async () => {
  const { code, err } = await validate(base.replace('"rank": 8,', '"rank": -2,'));
  assert.equal(code, 2);
  assert.match(err, /\/methods\/1\/search\/rank: rank -2 must be at least 1\./);
  assert.doesNotMatch(err, /Infinity/);
});
