/**
 * `reftbench <command> --help` / `-h`, anywhere among the command's arguments, prints the usage that
 * `reftbench help <command>` prints, on stdout, and exits 0 without running anything; `help <name>`
 * for a name that is no command exits 2 with one message listing the commands.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { commands } from '../../src/commands/index.ts';

async function cli(args: string[]) {
  const cwd = mkdtempSync(join(tmpdir(), 'reftbench-help-'));
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await main(args, { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd, env: {} });
    return { code, out: out.join('\n'), err: err.join('\n'), written: readdirSync(cwd) };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

for (const entry of commands) {
  test(`${entry.name} --help and -h print the usage of \`help ${entry.name}\` and exit 0`, async () => {
    const expected = await cli(['help', entry.name]);
    assert.equal(expected.code, 0);
    for (const args of [['--help'], ['-h'], ['suites/quickstart.json', '--results', 'x', '--help'], ['--json', '-h']]) {
      const got = await cli([entry.name, ...args]);
      assert.equal(got.code, 0, `${entry.name} ${args.join(' ')}: ${got.err}`);
      assert.equal(got.out, expected.out);
      assert.equal(got.err, '');
      assert.deepEqual(got.written, []);
    }
  });
}

test('help with a name that is no command exits 2 naming it and listing the commands', async () => {
  const { code, out, err } = await cli(['help', 'nope']);
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.match(err, /"nope" is not a reftbench command/);
  for (const entry of commands) assert.ok(err.includes(entry.name), `${entry.name} listed in: ${err}`);
  assert.equal(err.split('\n').length, 1, 'one message');
  assert.equal((await cli(['--help', 'nope'])).code, 2);
});

test('help, --help and help help still print the general help', async () => {
  const general = await cli(['help']);
  assert.equal(general.code, 0);
  assert.match(general.out, /^usage: reftbench <command>/);
  for (const args of [['--help'], ['-h'], ['help', 'help'], []]) assert.deepEqual(await cli(args), general);
});
