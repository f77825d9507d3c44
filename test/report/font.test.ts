/**
 * findFontFiles (src/report/charts/font.ts): REFTBENCH_FONT is used when it names a font resvg can
 * draw with; a setting naming a missing file, a folder or a file that is not a font is one message
 * naming the setting (exit 2 through the command, nothing written), never a silent fallback to the
 * system's font or PNGs without text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.ts';
import { findFontFiles } from '../../src/report/charts/font.ts';
import { REPO_ROOT } from '../../src/repo-root.ts';

const system = findFontFiles({});
const scratch = mkdtempSync(join(tmpdir(), 'reftbench-font-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));

const userError = (env: NodeJS.ProcessEnv, pattern: RegExp) =>
  assert.throws(() => findFontFiles(env), (e: unknown) => e instanceof UserError && pattern.test(e.message));

test('without REFTBENCH_FONT (or with it empty): the system DejaVu Sans, with its bold file', () => {
  assert.match(system[0]!, /DejaVuSans\.ttf$/);
  assert.deepEqual(findFontFiles({ REFTBENCH_FONT: '' }), system);
});

test('REFTBENCH_FONT naming a font: that file, and a DejaVuSans-Bold.ttf beside it when there is one', () => {
  const regular = join(scratch, 'Regular.ttf');
  copyFileSync(system[0]!, regular);
  assert.deepEqual(findFontFiles({ REFTBENCH_FONT: regular }), [regular]);
  if (system[1]) {
    copyFileSync(system[1], join(scratch, 'DejaVuSans-Bold.ttf'));
    assert.deepEqual(findFontFiles({ REFTBENCH_FONT: regular }), [regular, join(scratch, 'DejaVuSans-Bold.ttf')]);
    assert.deepEqual(findFontFiles({ REFTBENCH_FONT: join(scratch, 'DejaVuSans-Bold.ttf') }), [join(scratch, 'DejaVuSans-Bold.ttf')]);
  }
});

test('REFTBENCH_FONT naming no font: one message naming the setting and what to do', () => {
  const missing = join(scratch, 'missing.ttf');
  userError({ REFTBENCH_FONT: missing }, new RegExp(`^REFTBENCH_FONT=${missing}: cannot read it \\(no such file\\)\\. Set REFTBENCH_FONT to a TrueType or OpenType font file`));
  userError({ REFTBENCH_FONT: scratch }, /is not a font the PNG charts can be drawn with: it is not a file\. Set REFTBENCH_FONT/);
  const text = join(scratch, 'notes.ttf');
  writeFileSync(text, 'not a font at all, just some text\n');
  userError({ REFTBENCH_FONT: text }, /notes\.ttf is not a font .*: it is not a whole TrueType or OpenType file \(no table directory/);
  const cut = join(scratch, 'cut.ttf');
  writeFileSync(cut, readFileSync(system[0]!).subarray(0, 4096));
  userError({ REFTBENCH_FONT: cut }, /cut\.ttf is not a font .*: it is not a whole TrueType or OpenType file \(no table directory/);
});

test('reftbench report with REFTBENCH_FONT naming a missing file: exit 2, the message, nothing written', () => {
  const results = join(REPO_ROOT, 'test', 'fixtures', 'results', 'fixture-mini');
  const out = join(scratch, 'never');
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'reftbench.mjs'), 'report', results, '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, REFTBENCH_FONT: join(scratch, 'missing.ttf') },
    cwd: REPO_ROOT,
  });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /REFTBENCH_FONT=.*missing\.ttf: cannot read it/);
  assert.equal(r.stdout, '');
  assert.throws(() => statSync(out));
});
