/**
 * A suite whose local model folder is missing gets the fix for that model — `npm run setup:models`
 * for MiniLM, `npm run setup:stories` for stories260K, `reftbench model tiny …` for a tiny model,
 * a download otherwise — as a validation problem with file:line:column and JSON pointer like every
 * other one (exit 2, nothing written), for the shipped suites as they are written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { REPO_ROOT } from '../../src/repo-root.ts';

async function validateIn(dir: string, file: string) {
  let err = '';
  const code = await main(['validate', file], { out: () => {}, err: (t) => (err += `${t}\n`), cwd: dir, env: {} });
  return { code, err };
}

/** The shipped suite copied into an empty checkout-like folder, so its ../.cache/models/… is missing. */
function shippedSuiteWithoutModels(name: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-nomodel-'));
  mkdirSync(join(dir, 'suites'));
  const file = join('suites', name);
  writeFileSync(join(dir, file), readFileSync(join(REPO_ROOT, 'suites', name)));
  return { dir, file };
}

for (const [suite, fix] of [
  ['glue-mini.json', /Run `npm run setup:models`/],
  ['stories-recall.json', /Run `npm run setup:stories`/],
] as const) {
  test(`${suite} without its model: the setup script that installs it, at the source's line:column and pointer`, async () => {
    const { dir, file } = shippedSuiteWithoutModels(suite);
    try {
      const { code, err } = await validateIn(dir, file);
      assert.equal(code, 2, err);
      const line = err.split('\n').find((l) => l.includes('no model directory'));
      assert.ok(line, err);
      assert.match(line, new RegExp(`^  ${file.replace('.', '\\.')}:\\d+:\\d+ /models/0/source: no model directory at ${join(dir, '.cache', 'models').replace(/[.]/g, '\\.')}`));
      assert.match(line, fix);
      assert.doesNotMatch(err, /model tiny|\n\s+at /);
      assert.deepEqual(readdirSync(dir), ['suites'], 'nothing written');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a missing tiny-model folder suggests `reftbench model tiny <kind> <dir>`; any other folder a download', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-nomodel-'));
  try {
    const base = JSON.parse(readFileSync(join(REPO_ROOT, 'test/fixtures/suites/good/base.json'), 'utf8')) as Record<string, unknown>;
    const suite = {
      ...base,
      $schema: '../schemas/suite.schema.json',
      models: [
        { id: 'small', source: './models/tiny-llama', family: 'decoder' },
        { id: 'mine', source: './models/my-bert', family: 'encoder' },
      ],
    };
    writeFileSync(join(dir, 'suite.json'), JSON.stringify(suite, null, 2));
    const { code, err } = await validateIn(dir, 'suite.json');
    assert.equal(code, 2, err);
    assert.match(err, /suite\.json:\d+:\d+ \/models\/0\/source: no model directory at .*tiny-llama\. Write it with `reftbench model tiny llama .*tiny-llama`/);
    assert.match(err, /suite\.json:\d+:\d+ \/models\/1\/source: no model directory at .*my-bert\. Set source to a folder .*huggingface-cli download .*`reftbench model tiny bert .*my-bert`/);
    assert.doesNotMatch(err, /setup:models|setup:stories|\n\s+at /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
