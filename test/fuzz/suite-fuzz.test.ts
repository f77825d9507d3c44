/**
 * No suite crashes the validator: over 10,000 malformed variants of the shipped suites (byte flips,
 * truncation, deleted ranges, deep nesting, huge numbers and strings, a wrong type at every JSON
 * pointer; test/fuzz/mutate.ts) each end as a valid suite or one UserError naming the file, never
 * another exception or a stack trace, in well under a second each. They run through the validator
 * in this process; a sample also runs through the real CLI (exit 0 or 2, no stack trace, nothing
 * written).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUserError } from '../../src/errors.ts';
import type { ArchConfig } from '../../src/models/arch.ts';
import { readHfArch } from '../../src/models/hf-dir.ts';
import { REPO_ROOT } from '../../src/repo-root.ts';
import { parseSuiteText } from '../../src/suite/load-suite.ts';
import { mutants, type Mutant } from './mutate.ts';

const suitesDir = join(REPO_ROOT, 'suites');
const shipped = readdirSync(suitesDir).filter((n) => n.endsWith('.json')).sort();
const PER_SUITE = Math.ceil(10_200 / shipped.length);

/** readHfArch, remembered per folder (the real model folders are read once, not 10,000 times). */
function memoArch(): (dir: string) => ArchConfig {
  const seen = new Map<string, { arch?: ArchConfig; error?: unknown }>();
  return (dir) => {
    let entry = seen.get(dir);
    if (entry === undefined) {
      try {
        entry = { arch: readHfArch(dir) };
      } catch (error) {
        entry = { error };
      }
      seen.set(dir, entry);
    }
    if (entry.error !== undefined) throw entry.error;
    return entry.arch!;
  };
}

interface Crash {
  suite: string;
  kind: string;
  error: string;
}

test(`${PER_SUITE * shipped.length} malformed suites: each is valid or one message, never a crash`, { timeout: 120_000 }, () => {
  const readArch = memoArch();
  parseSuiteText(readFileSync(join(suitesDir, shipped[0]!), 'utf8'), 'warm-up.json', readArch, suitesDir); // loads the checks' modules
  const crashes: Crash[] = [];
  let total = 0;
  let rejected = 0;
  let slowest = { ms: 0, kind: '' };
  for (const [s, name] of shipped.entries()) {
    const text = readFileSync(join(suitesDir, name), 'utf8');
    for (const mutant of mutants(text, 1000 + s, PER_SUITE)) {
      total++;
      const started = performance.now();
      try {
        parseSuiteText(mutant.text, 'fuzz.json', readArch, suitesDir);
      } catch (error) {
        if (!isUserError(error)) crashes.push({ suite: name, kind: mutant.kind, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
        else {
          rejected++;
          if (!error.message.includes('fuzz.json') || /\n\s+at /.test(error.message)) crashes.push({ suite: name, kind: mutant.kind, error: `bad message: ${error.message.slice(0, 300)}` });
        }
      }
      const ms = performance.now() - started;
      if (ms > slowest.ms) slowest = { ms, kind: `${name}: ${mutant.kind}` };
    }
  }
  assert.ok(total >= 10_000, `${total} variants`);
  assert.deepEqual(crashes.slice(0, 5), [], `${crashes.length} crashes of ${total}`);
  assert.ok(rejected > total * 0.9, `most variants are refused (${rejected} of ${total})`);
  assert.ok(slowest.ms < 3000, `slowest variant ${slowest.ms.toFixed(0)} ms (${slowest.kind})`);
});

function cli(args: string[], cwd: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'reftbench.mjs'), ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    proc.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    proc.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    proc.on('exit', (code) => resolve({ code, stderr, stdout }));
  });
}

test('a sample through the real CLI: exit 0 or 2, no stack trace, nothing written', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-fuzz-cli-'));
  try {
    mkdirSync(join(dir, 'suites'));
    const sample: Array<Mutant & { file: string }> = [];
    for (const [s, name] of shipped.entries()) {
      const all = mutants(readFileSync(join(suitesDir, name), 'utf8'), 1000 + s, PER_SUITE);
      for (const pick of [[0, Math.floor(PER_SUITE * 0.25), Math.floor(PER_SUITE * 0.45) + s][s % 3]!]) {
        const file = join('suites', `${name.slice(0, -5)}-${pick}.json`);
        writeFileSync(join(dir, file), all[pick]!.text);
        sample.push({ ...all[pick]!, file });
      }
    }
    const before = readdirSync(dir, { recursive: true }).sort();
    for (let i = 0; i < sample.length; i += 3) {
      await Promise.all(sample.slice(i, i + 3).map(async (m) => {
        const r = await cli(['validate', m.file], dir);
        assert.ok(r.code === 0 || r.code === 2, `${m.file} (${m.kind}): exit ${r.code}\n${r.stderr}`);
        assert.doesNotMatch(r.stderr, /\n\s+at |Error:/, `${m.file} (${m.kind})`);
        if (r.code === 2) assert.ok(r.stderr.startsWith(m.file), `${m.file}: ${r.stderr.slice(0, 200)}`);
      }));
    }
    assert.deepEqual(readdirSync(dir, { recursive: true }).sort(), before, 'nothing written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('what the fuzzing found, kept as cases: deep nesting, a number past 1e308, a megabyte string', () => {
  const quickstart = JSON.parse(readFileSync(join(suitesDir, 'quickstart.json'), 'utf8')) as Record<string, unknown>;
  const cases: Array<[string, RegExp]> = [
    // was RangeError: Maximum call stack size exceeded (jsonc-parser recursing)
    [`{"name": ${'['.repeat(20_000)}${']'.repeat(20_000)}}`, /^q\.json:1:109: invalid JSON \(lists and objects nested more than 100 levels deep/],
    // was accepted: JSON.parse reads it as Infinity
    [JSON.stringify({ ...quickstart, budget: { ...(quickstart.budget as object), compute: { rule: 'steps', amount: 7 } } }).replace('"amount":7', '"amount":1e999'), /\/budget\/compute\/amount: this number is too large to be a number/],
    // took seconds (edit distance over the whole string) and printed all of it
    [JSON.stringify({ ...quickstart, methods: [{ ...(quickstart.methods as object[])[0], kind: 'x'.repeat(1_000_000) }] }), /unknown method kind "x{59}… \(1000002 characters\)/],
  ];
  for (const [text, message] of cases) {
    const started = performance.now();
    assert.throws(() => parseSuiteText(text, 'q.json', memoArch(), suitesDir), (error: Error) => isUserError(error) && message.test(error.message) && error.message.length < 2000);
    assert.ok(performance.now() - started < 2000);
  }
});
