/**
 * What `reftbench check` is given instead of a report.json: a directory, a suite file or a report
 * written with a UTF-8 byte order mark. The first two are one clear message and exit 2; the last
 * is read like the same report without the mark.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { stableStringify } from '../../src/report/stable-json.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const report = stableStringify(
  buildReport(syntheticResults(fixtureOptions).map((result) => ({ file: `${result.runId}.json`, result })), { ...defaultReportOptions, resamples: 200 }),
);
const suiteText = readFileSync(resolve(import.meta.dirname, '../fixtures/suites/good/base.json'), 'utf8');

/** Runs `check current.json --baseline <baseline>` in a folder holding current.json, suite.json and reports/x/report.json. */
async function check(baseline: string, current = report) {
  const cwd = mkdtempSync(join(tmpdir(), 'reftbench-check-input-'));
  try {
    writeFileSync(join(cwd, 'current.json'), current);
    writeFileSync(join(cwd, 'suite.json'), suiteText);
    mkdirSync(join(cwd, 'reports', 'x'), { recursive: true });
    writeFileSync(join(cwd, 'reports', 'x', 'report.json'), report);
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['check', 'current.json', '--baseline', baseline], { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd, env: {} });
    return { code, out: out.join('\n'), err: err.join('\n'), cwd };
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}

test('a directory as --baseline: "is a directory; give the report.json inside it"', async () => {
  const { code, out, err, cwd } = await check('reports/x');
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.equal(err, `baseline report ${join(cwd, 'reports', 'x')} is a directory; give the report.json inside it (${join(cwd, 'reports', 'x', 'report.json')}).`);
});

test('a suite file as --baseline: "is not a reftbench report (no report schemaVersion)"', async () => {
  const { code, out, err, cwd } = await check('suite.json');
  assert.equal(code, 2);
  assert.equal(out, '');
  assert.equal(err, `${join(cwd, 'suite.json')} is not a reftbench report (no report schemaVersion); give a report.json written by \`reftbench report\`.`);
  for (const notAnObject of ['[]', '"report"', 'null']) {
    const other = await check('current.json', notAnObject);
    assert.equal(other.code, 2);
    assert.match(other.err, /current\.json is not a reftbench report/);
  }
});

test('a report starting with a UTF-8 byte order mark is read like the same report without one', async () => {
  const plain = await check('reports/x/report.json');
  assert.equal(plain.code, 0, plain.err);
  const withBom = await check('reports/x/report.json', `\uFEFF${report}`);
  assert.equal(withBom.code, 0, withBom.err);
  assert.equal(withBom.out, plain.out);
});
