/**
 * No malformed input file crashes `report` or `check`: malformed variants (test/fuzz/mutate.ts) of
 * real result files, given to `report`, and of a real report.json, given to `check` as the report
 * or as the baseline, each end as one UserError naming the file (exit 2) or as a normal outcome —
 * never another exception or a stack trace. Results run through the loader and the report builder
 * in this process (a bundle's charts and files are not drawn for each); report.json through the
 * real `check` command in this process; a sample of both through the real CLI, writing nothing.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { isUserError } from '../../src/errors.ts';
import { REPO_ROOT } from '../../src/repo-root.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { buildChartSpecs } from '../../src/report/charts/specs.ts';
import { loadResults } from '../../src/report/load-results.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { stableStringify } from '../../src/report/stable-json.ts';
import { mutants } from './mutate.ts';

const fixtureResults = join(REPO_ROOT, 'test', 'fixtures', 'results', 'fixture-mini');
/** The results of two methods on one task (a loadable, reportable folder, small enough to read 900 times). */
const subset = readdirSync(fixtureResults).filter((n) => /^fixture-tiny-sst2-(lora|bitfit)-/.test(n));
const mutated = ['fixture-tiny-sst2-lora-final-1.json', 'fixture-tiny-sst2-lora-trial-0.json', 'fixture-tiny-sst2-bitfit-final-2.json'];

const stackTrace = /\n\s+at /;

/** A report.json as `reftbench report` writes it for the fixture results (consistent by construction). */
const reportText = stableStringify(buildReport(loadResults(fixtureResults), { ...defaultReportOptions, resamples: 200 }));
const baselineDir = mkdtempSync(join(tmpdir(), 'reftbench-fuzz-baseline-'));
const baselineReport = join(baselineDir, 'report.json');
writeFileSync(baselineReport, reportText);
after(() => rmSync(baselineDir, { recursive: true, force: true }));

test('900 malformed result files given to report: one message naming the file, or a report; never a crash', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-fuzz-results-'));
  const crashes: string[] = [];
  let loaded = 0;
  try {
    for (const name of subset) copyFileSync(join(fixtureResults, name), join(dir, name));
    for (const [m, name] of mutated.entries()) {
      const original = readFileSync(join(fixtureResults, name), 'utf8');
      for (const mutant of mutants(original, 2000 + m, 300)) {
        writeFileSync(join(dir, name), mutant.text);
        try {
          const results = loadResults(dir);
          loaded++;
          buildChartSpecs(buildReport(results, { ...defaultReportOptions, resamples: 100 }));
        } catch (error) {
          if (!isUserError(error)) crashes.push(`${name} ${mutant.kind}: ${error instanceof Error ? error.stack : String(error)}`);
          else if (!error.message.includes(dir) || stackTrace.test(error.message)) crashes.push(`${name} ${mutant.kind}: bad message ${error.message.slice(0, 300)}`);
        }
      }
      writeFileSync(join(dir, name), original);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(crashes.slice(0, 3), [], `${crashes.length} crashes`);
  assert.ok(loaded < 900 * 0.5, `most variants are refused (${loaded} of 900 loaded)`);
});

test('900 malformed report.json files given to check, as report or baseline: exit 2 with one message, or a verdict; never a crash', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-fuzz-check-'));
  const crashes: string[] = [];
  try {
    const file = join(dir, 'report.json');
    for (const mutant of mutants(reportText, 3000, 900)) {
      writeFileSync(file, mutant.text);
      const asBaseline = mutant.text.length % 2 === 1;
      const args = asBaseline ? ['check', baselineReport, '--baseline', file] : ['check', file, '--baseline', baselineReport];
      const err: string[] = [];
      try {
        const code = await main(args, { out: () => {}, err: (t) => void err.push(t), cwd: dir, env: {} });
        const text = err.join('\n');
        if (code === 2 && (!text.includes(file) || stackTrace.test(text))) crashes.push(`${mutant.kind}: bad message ${text.slice(0, 300)}`);
        if (![0, 1, 2].includes(code)) crashes.push(`${mutant.kind}: exit ${code}`);
      } catch (error) {
        crashes.push(`${mutant.kind}: ${error instanceof Error ? error.stack : String(error)}`);
      }
    }
    assert.deepEqual(readdirSync(dir), ['report.json'], 'nothing written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.deepEqual(crashes.slice(0, 3), [], `${crashes.length} crashes`);
});

test('a sample through the real CLI: report and check exit 2 with one message and write nothing', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-fuzz-cli-'));
  try {
    const results = join(dir, 'results');
    mkdirSync(results);
    for (const name of subset) copyFileSync(join(fixtureResults, name), join(results, name));
    const cli = (args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'reftbench.mjs'), ...args], { cwd: dir, encoding: 'utf8' });
    const resultMutants = mutants(readFileSync(join(fixtureResults, mutated[0]!), 'utf8'), 2000, 300);
    for (const i of [0, 70, 160, 299]) {
      writeFileSync(join(results, mutated[0]!), resultMutants[i]!.text);
      const r = cli(['report', 'results', '--out', 'out']);
      assert.equal(r.status, 2, `${resultMutants[i]!.kind}: ${r.stderr}`);
      assert.doesNotMatch(r.stderr, stackTrace);
      assert.deepEqual(readdirSync(dir).sort(), ['results'], `${resultMutants[i]!.kind}: nothing written`);
    }
    const reportMutants = mutants(reportText, 3000, 900);
    for (const i of [0, 250, 420, 850]) {
      writeFileSync(join(dir, 'report.json'), reportMutants[i]!.text);
      const r = cli(['check', 'report.json', '--baseline', baselineReport]);
      assert.ok(r.status === 2 || r.status === 1 || r.status === 0, `${reportMutants[i]!.kind}: exit ${r.status} ${r.stderr}`);
      assert.doesNotMatch(r.stderr, stackTrace);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['report.json', 'results']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
