/**
 * The documents say what `reftbench check` does about its rule (src/check/compare-reports.ts,
 * chooseRule; behaviour tested in gate-hardening.test.ts): the command line's rule, else the baseline
 * report's checkRule, never the report under test's, and with neither exit 2. No document may
 * promise a default rule (`ci`) that the command does not apply.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMessages } from '../../src/messages/index.ts';
import { repo } from '../run/helpers.ts';

const read = (file: string) => readFileSync(join(repo, file), 'utf8').replace(/\s+/g, ' ');

test('suites/README.md, README.md and `help check` agree: command line, else the baseline\'s checkRule; never the current report\'s; neither is exit 2', () => {
  const suites = read('suites/README.md');
  assert.doesNotMatch(suites, /current report's `checkRule`/, 'the report under test never gives the rule');
  assert.doesNotMatch(suites, /else `ci`/, 'there is no default rule');
  assert.match(suites, /`reftbench check` applies the rule given on its command line, else the baseline report's `checkRule`\. The report under test never sets its own rule/);
  assert.match(suites, /with neither, `check` stops with exit 2/);
  assert.match(suites, /\| `check` \| .* \| none: `check` then needs `--abs`, `--rel` or `--ci` \|/);
  assert.match(read('README.md'), /the rule comes from the command line or the baseline, never from the report under test \(neither: exit 2\)/);
  assert.match(checkMessages.usage.replace(/\s+/g, ' '), /The report under test never sets its own rule: with neither, check exits 2\./);
});
