/**
 * `reftbench report` given a folder that is not a results folder (a report folder, the suites, a
 * folder of other things) is one message saying what the folder holds and which folder to give, exit
 * 2, not a schema complaint about its first JSON file that advises deleting it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foreignFolder } from '../../src/commands/results-folder.ts';
import { repo, reftbench, tempDir } from '../run/helpers.ts';

for (const [what, folder, says] of [
  ['a report folder', 'reports/glue-mini', /^reftbench report: reports\/glue-mini is a report folder \(it holds report\.json, written by `reftbench report`\), not a results folder\. Give the results folder a `reftbench run` wrote \(the report was built from it\): `reftbench report results\/glue-mini`\.$/],
  ['the suites folder', 'suites', /^reftbench report: suites holds suite files \(commonsense\.json, .*\), not a results folder\. .*`reftbench run suites\/commonsense\.json` fills one.*`reftbench report results\/<suite>`\.$/],
  ['a folder of other things', 'src', /^reftbench report: src holds .* and no result file, not a results folder\./],
] as const) {
  test(`report of ${what}: one message, exit 2, nothing written`, async () => {
    const out = join(tempDir('report-foreign'), 'out');
    const outcome = await reftbench(['report', folder, '--out', out], tempDir('report-foreign-cache'));
    assert.equal(outcome.code, 2);
    assert.equal(outcome.err.length, 1);
    assert.doesNotMatch(outcome.err[0]!, /must have required property|remove it|Delete it/);
    assert.match(outcome.err[0]!, says);
    assert.equal(existsSync(out), false);
  });
}

test('a results folder, a damaged one, an empty one and a missing one are left to the results loader', () => {
  assert.equal(foreignFolder(join(repo, 'results', 'glue-mini')), undefined);
  assert.equal(foreignFolder(join(repo, 'test', 'fixtures', 'results', 'fixture-mini')), undefined);
  assert.equal(foreignFolder(tempDir('report-empty')), undefined);
  const damaged = tempDir('report-damaged');
  writeFileSync(join(damaged, 'a.json'), '{"runId": 3}');
  assert.equal(foreignFolder(damaged), undefined);
  assert.equal(foreignFolder(join(repo, 'nope')), undefined);
});
