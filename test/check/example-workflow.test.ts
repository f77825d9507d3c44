/**
 * The example CI workflow (.github/workflows/bench-check.yml) and docs/ci.md give `reftbench check`
 * its rule on the command line (never left to a report) and pass --results, so the report under test
 * must be what the job's own result files give (issue 21).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** The `reftbench check` command lines of a text (a YAML folded block or a shell snippet, joined into one line each). */
function checkCommands(text: string): string[] {
  const joined = text.replace(/\\\n\s*/g, ' ').replace(/run: >-\n((?:\s{10}.*\n)+)/g, (_, block: string) => `run: ${block.replace(/\n\s*/g, ' ')}\n`);
  return joined.split('\n').filter((line) => /reftbench\.mjs check /.test(line));
}

for (const file of ['.github/workflows/bench-check.yml', 'docs/ci.md']) {
  test(`${file}: every check pins its rule and rebuilds the report from its results`, () => {
    const commands = checkCommands(readFileSync(resolve(root, file), 'utf8'));
    assert.ok(commands.length > 0, 'a check command');
    for (const command of commands) {
      assert.match(command, /--(abs|rel) [0-9.]+|--ci\b/, command);
      assert.match(command, /--results /, command);
    }
  });
}
