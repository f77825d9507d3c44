/**
 * The suite's report block, as the results carry it (reportOptions), is honoured: formats and
 * charts choose the files, confidence and bootstrap the statistics, baseline the comparisons, and
 * check the rule `reftbench check` applies when the command line names none. Bad values are one
 * clear message and exit 2, with nothing written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main } from '../../src/cli.ts';
import { isUserError } from '../../src/errors.ts';
import { parseSuiteText } from '../../src/suite/load-suite.ts';
import type { Report } from '../../src/types/report.ts';
import type { RunResult } from '../../src/types/result.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const repo = join(import.meta.dirname, '..', '..');
type SuiteReport = NonNullable<RunResult['reportOptions']>;

/** The fixture results, each carrying `reportOptions`, written to dir/<name>/. */
function writeResults(dir: string, name: string, reportOptions: SuiteReport, change: (r: RunResult) => void = () => {}): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  for (const result of syntheticResults(fixtureOptions)) {
    const r = { ...structuredClone(result), reportOptions };
    change(r);
    writeFileSync(join(folder, `${r.runId}.json`), JSON.stringify(r));
  }
  return folder;
}

async function cli(args: string[], cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd, env: process.env });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();

test('a suite choosing only csv and svg gets only tables/*.csv and charts/*.svg', { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-suite-report-'));
  try {
    const results = writeResults(dir, 'results', { formats: ['csv'], charts: ['svg'] });
    const run = await cli(['report', results, '--out', join(dir, 'report')], dir);
    assert.equal(run.code, 0, run.err);
    const files = filesUnder(join(dir, 'report'));
    assert.deepEqual(files.filter((f) => !f.startsWith('tables/') || !f.endsWith('.csv')), [
      'charts/learning-curves.svg',
      'charts/score-vs-flops.svg',
      'charts/score-vs-params.svg',
      'charts/tuning-curves.svg',
    ]);
    assert.ok(files.includes('tables/runs.csv') && files.includes('tables/comparisons.csv'));
    assert.match(readFileSync(join(dir, 'report', 'charts', 'tuning-curves.svg'), 'utf8'), /^<svg/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a suite choosing only pdf charts (and markdown) gets one PDF per chart, linked from README.md, and no other chart file', { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-suite-report-'));
  try {
    const results = writeResults(dir, 'results', { formats: ['markdown'], charts: ['pdf'] });
    const run = await cli(['report', results, '--out', join(dir, 'report')], dir);
    assert.equal(run.code, 0, run.err);
    const pdfs = ['charts/learning-curves.pdf', 'charts/score-vs-flops.pdf', 'charts/score-vs-params.pdf', 'charts/tuning-curves.pdf'];
    assert.deepEqual(filesUnder(join(dir, 'report')), ['README.md', ...pdfs]);
    for (const pdf of pdfs) assert.ok(readFileSync(join(dir, 'report', pdf)).subarray(0, 5).equals(Buffer.from('%PDF-')), `${pdf} is a PDF`);
    const readme = readFileSync(join(dir, 'report', 'README.md'), 'utf8');
    for (const pdf of pdfs) assert.ok(readme.includes(`](${pdf})`), `README links ${pdf}`);
    assert.doesNotMatch(readme, /\.png\)|\.svg\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('markdown without PNGs shows the SVG charts and links only files that exist', { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-suite-report-'));
  try {
    const results = writeResults(dir, 'results', { formats: ['markdown'], charts: ['svg'] });
    assert.equal((await cli(['report', results, '--out', join(dir, 'report')], dir)).code, 0);
    assert.deepEqual(filesUnder(join(dir, 'report')).filter((f) => !f.startsWith('charts/')), ['README.md']);
    const readme = readFileSync(join(dir, 'report', 'README.md'), 'utf8');
    assert.match(readme, /!\[[^\]]*\]\(charts\/score-vs-params\.svg\)/);
    assert.doesNotMatch(readme, /\.png\)|\.vl\.json\)|report\.json\)|\(tables\/\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the suite's confidence, bootstrap and baseline feed the statistics; flags still win", { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-suite-report-'));
  try {
    const results = writeResults(dir, 'results', { formats: ['json'], charts: ['vl.json'], confidence: 0.9, bootstrap: 300, baseline: 'lora' });
    assert.equal((await cli(['report', results, '--out', join(dir, 'a')], dir)).code, 0);
    assert.deepEqual(filesUnder(join(dir, 'a')).filter((f) => !f.endsWith('.vl.json')), ['report.json']);
    assert.match(readFileSync(join(dir, 'a', 'charts', 'score-vs-params.vl.json'), 'utf8'), /bars: 90% CI/);
    const report = JSON.parse(readFileSync(join(dir, 'a', 'report.json'), 'utf8')) as Report;
    assert.equal(report.statistics.confidence, 0.9);
    assert.equal(report.statistics.bootstrapResamples, 300);
    assert.equal(report.statistics.baseline, 'lora');
    assert.ok(report.statistics.text.some((t) => t.includes('each ReFT method vs lora')));
    // Fixture: ReFT methods direft and loreft; baselines bitfit and lora; tasks sst2 and stsb.
    assert.deepEqual(
      report.comparisons.map((c) => `${c.task}:${c.method}-${c.baseline}`),
      ['sst2:direft-lora', 'sst2:loreft-lora', 'stsb:direft-lora', 'stsb:loreft-lora'],
    );
    assert.equal((await cli(['report', results, '--out', join(dir, 'b'), '--resamples', '200'], dir)).code, 0);
    assert.equal((JSON.parse(readFileSync(join(dir, 'b', 'report.json'), 'utf8')) as Report).statistics.bootstrapResamples, 200);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the suite's check rule is what `reftbench check` applies unless the command line names one", { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-suite-check-'));
  try {
    const options: SuiteReport = { formats: ['json'], charts: [], bootstrap: 200, check: { rule: 'abs', tolerance: 0.3 } };
    // The current run: every final LoRA run on sst2 got 12 more of 48 test examples wrong (accuracy −0.25).
    const worse = (r: RunResult) => {
      if (r.spec.phase !== 'final' || r.spec.method.id !== 'lora' || r.spec.task.id !== 'sst2') return;
      const p = r.predictions!;
      let flipped = 0;
      p.predicted = p.predicted.map((v, i) => (v === p.gold[i] && flipped++ < 12 ? 1 - (v as number) : v));
      r.metrics.test!.accuracy = p.predicted.filter((v, i) => v === p.gold[i]).length / p.gold.length;
    };
    assert.equal((await cli(['report', writeResults(dir, 'base', options), '--out', join(dir, 'base-report')], dir)).code, 0);
    assert.equal((await cli(['report', writeResults(dir, 'now', options, worse), '--out', join(dir, 'now-report')], dir)).code, 0);
    const current = join(dir, 'now-report', 'report.json');
    const baseline = join(dir, 'base-report', 'report.json');
    assert.deepEqual((JSON.parse(readFileSync(current, 'utf8')) as Report).checkRule, { rule: 'abs', tolerance: 0.3 });

    const bySuite = await cli(['check', current, '--baseline', baseline], dir);
    assert.equal(bySuite.code, 0, 'a 0.25 drop is within the suite\'s absolute tolerance of 0.3');
    assert.match(bySuite.out, /worse by more than 0\.3 \(absolute\)/);
    const byFlag = await cli(['check', current, '--baseline', baseline, '--abs', '0.1'], dir);
    assert.equal(byFlag.code, 1, 'the command line wins over the suite');
    assert.match(byFlag.out, /regression/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a suite with a bad check rule is one message naming the file, the place and the choices', () => {
  const text = readFileSync(join(repo, 'suites', 'quickstart.json'), 'utf8');
  const suite = JSON.parse(text) as { report?: Record<string, unknown> };
  suite.report = { ...suite.report, check: { rule: 'fuzzy', tolerance: -1 } };
  const broken = JSON.stringify(suite, null, 2);
  let message = '';
  try {
    parseSuiteText(broken, 'suites/quickstart.json');
    assert.fail('a bad check rule was accepted');
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    message = error.message;
  }
  assert.match(message, /suites\/quickstart\.json:\d+:\d+.*\/report\/check\/rule/);
  assert.match(message, /abs.*rel.*ci/);
  assert.match(message, /\/report\/check\/tolerance/);
});

test('a result whose report options are bad is one message naming the file and the place; exit 2, nothing written', { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-suite-report-'));
  try {
    const results = writeResults(dir, 'results', { formats: ['pdf' as 'csv'] });
    const run = await cli(['report', results, '--out', join(dir, 'report')], dir);
    assert.equal(run.code, 2);
    assert.match(run.err, /\.json: not a valid result file/);
    assert.match(run.err, /\/reportOptions\/formats\/0: must be equal to one of the allowed values/);
    assert.equal(existsSync(join(dir, 'report')), false);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
