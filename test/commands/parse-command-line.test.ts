/**
 * Every command parses its arguments the same way (src/commands/parse-command-line.ts): `--opt=value`
 * is `--opt value`, `--` ends the options, a flag given a value and an option missing its value are
 * one message (exit 2) worded as the command always worded it, and `--help` after `--` is an argument.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { parseRunArgs } from '../../src/commands/run.ts';
import { parseSuiteArgs } from '../../src/commands/suite-args.ts';

async function cli(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'reftbench-args-'));
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(args, { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd, env: {} });
    return { code, out: out.join('\n'), err: err.join('\n'), written: readdirSync(cwd) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

test('run and bench: --opt=value is --opt value; -- makes what follows positional', () => {
  for (const command of ['run', 'bench'] as const) {
    const spaced = parseRunArgs(['s.json', '--jobs', '2', '--results', 'r', '--data-dir', 'd', '--run-timeout', '5', '--backend', 'ort', '--retry-failed', '--json'], command);
    const inline = parseRunArgs(['--jobs=2', '--results=r', '--data-dir=d', '--run-timeout=5', '--backend=ort', '--retry-failed', '--json', 's.json'], command);
    assert.deepEqual(inline, spaced);
    assert.deepEqual(spaced, { suiteFile: 's.json', jobs: 2, resultsDir: 'r', dataDir: 'd', timeoutSeconds: 5, backend: 'ort', retryFailed: true, json: true });
    assert.deepEqual(parseRunArgs(['--', '--odd-name.json'], command), { suiteFile: '--odd-name.json' });
    // A value that looks like an option is taken only when attached with `=`.
    assert.deepEqual(parseRunArgs(['s.json', '--results=--weird'], command), { suiteFile: 's.json', resultsDir: '--weird' });
  }
  assert.deepEqual(parseSuiteArgs('plan', ['--backend=torch', 's.json', '--json'], true, true), { suite: 's.json', json: true, backend: 'torch' });
  assert.deepEqual(parseSuiteArgs('validate', ['--', '-s.json'], false), { suite: '-s.json', json: false });
});

test('every command: a flag given a value, a missing value and an unknown option are one message, exit 2, nothing written', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['run', 's.json', '--json=yes'], /^reftbench run: --json takes no value/],
    [['bench', 's.json', '--retry-failed=1'], /^reftbench bench: --retry-failed takes no value/],
    [['run', 's.json', '--jobs=0'], /^reftbench run: --jobs "0" is invalid/],
    [['run', 's.json', '--jobs='], /^reftbench run: --jobs "" is invalid/],
    [['run', 's.json', '--results', '--json'], /^reftbench run: --results needs a value/],
    [['run', '-x', 's.json'], /^reftbench run: unknown option -x\./],
    [['plan', 's.json', '--json=1'], /^reftbench plan: --json takes no value/],
    [['plan', 's.json', '--backend'], /^reftbench plan: --backend needs a value/],
    [['plan', 's.json', '--backend=gpu'], /unknown backend "gpu"/],
    [['validate', 's.json', '--json'], /^`reftbench validate` does not take "--json"/],
    [['validate', 'a.json', 'b.json'], /^`reftbench validate` takes one suite file; "b\.json" is extra/],
    [['report', 'r', '--seed='], /--seed : expected an integer ≥ 0/],
    [['report', 'r', '--resamples=5'], /resamples/],
    [['report', 'r', '--out'], /`reftbench report` needs a value after --out/],
    [['report', 'r', '--bogus=1'], /unknown option --bogus=1 for `reftbench report`/],
    [['check', 'a.json', '--baseline'], /unknown option --baseline \(without a value\)/],
    [['check', 'a.json', '--baseline=b.json', '--abs=1', '--rel=2'], /./],
    [['check', 'a.json', '--baseline=b.json', '--ci=1'], /^reftbench check: --ci takes no value/],
    [['data', '--data-dir'], /^reftbench data: --data-dir needs a value/],
    [['data', '--verbose'], /^reftbench data: unknown option --verbose/],
    [['model', 'tiny', 'bert', 'out', '--seed=x'], /--seed "x" is not a non-negative integer/],
    [['model', 'tiny', 'bert', 'out', '--fast'], /^reftbench model: unknown option --fast/],
    [['model', 'inspect', 'dir', '--seed=1'], /^reftbench model: unknown option --seed/],
  ];
  for (const [args, message] of cases) {
    const got = await cli(args);
    assert.equal(got.code, 2, `${args.join(' ')}: ${got.err}`);
    assert.match(got.err, message, args.join(' '));
    assert.equal(got.err.trim().split('\n').length, 1, `one message for ${args.join(' ')}: ${got.err}`);
    assert.doesNotMatch(got.err, /\n\s+at /, 'no stack trace');
    assert.deepEqual(got.written, [], args.join(' '));
  }
  // The same mistake spelled either way gives the same message.
  assert.equal((await cli(['report', 'r', '--correction=x'])).err, (await cli(['report', 'r', '--correction', 'x'])).err);
  assert.equal((await cli(['check', 'a.json', '--baseline', 'b.json', '--abs', '-1'])).err, (await cli(['check', 'a.json', '--baseline=b.json', '--abs=-1'])).err);
});

test('--help after -- is an argument, not a request for usage', async () => {
  const got = await cli(['validate', '--', '--help']);
  assert.equal(got.code, 2);
  assert.match(got.err, /--help/);
  assert.equal(got.out, '');
  assert.equal((await cli(['validate', '--help'])).code, 0);
});
