/**
 * The command table loads each command's module only when it runs: every entry's module must give
 * the command of the same name, and `reftbench help` / `help <command>` must work from the table;
 * `--version` prints the harness version.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { commands } from '../../src/commands/index.ts';
import { REPO_ROOT } from '../../src/repo-root.ts';

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t), cwd: process.cwd(), env: {} } };
}

test('every command-table entry loads the command it names, with a usage text', async () => {
  assert.equal(new Set(commands.map((c) => c.name)).size, commands.length);
  for (const entry of commands) {
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.ok(command.usage.length > 0, `${entry.name} has a usage text`);
    assert.ok(entry.summary.length > 0);
  }
});

test('help lists every command with its summary; help <command> prints that command\'s usage', async () => {
  const listed = io();
  assert.equal(await main(['help'], listed.io), 0);
  for (const entry of commands) assert.match(listed.out.join('\n'), new RegExp(`${entry.name}\\s+${entry.summary.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const one = io();
  assert.equal(await main(['help', 'report'], one.io), 0);
  assert.equal(one.out.join('\n'), (await commands.find((c) => c.name === 'report')!.load()).usage);
});

test('an unknown command exits 2 and names the known ones', async () => {
  const bad = io();
  assert.equal(await main(['reprot'], bad.io), 2);
  assert.match(bad.err.join('\n'), /reprot/);
  assert.match(bad.err.join('\n'), /report/);
});

test('--version and -V print the package version and the checkout commit', async () => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  let commit: string | undefined;
  try {
    commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    // not a git checkout: the version alone
  }
  for (const flag of ['--version', '-V']) {
    const v = io();
    assert.equal(await main([flag], v.io), 0);
    assert.deepEqual(v.out, [`reftbench ${version}${commit ? ` (commit ${commit.slice(0, 12)})` : ''}`]);
  }
});
