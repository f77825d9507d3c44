/** Reports of unfinished or failed suites still build and render, saying what is missing. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBundle } from '../../src/report/bundle.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { findFontFiles } from '../../src/report/charts/font.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import type { RunResult } from '../../src/types/result.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const asLoaded = (rs: RunResult[]) => rs.map((result) => ({ file: `${result.runId}.json`, result }));
const options = { ...defaultReportOptions, resamples: 200 };

test('only tuning trials so far: no test scores, comparisons not tested, the bundle still renders', { timeout: 120000 }, async () => {
  const trials = syntheticResults(fixtureOptions).filter((r) => r.spec.phase === 'trial');
  const report = buildReport(asLoaded(trials), options);
  for (const e of report.entries) {
    assert.equal(e.selection.selectedTrial, null);
    assert.deepEqual(e.test.map((m) => [m.n, m.mean, m.ciLow]), e.test.map(() => [0, null, null]));
  }
  assert.ok(report.comparisons.every((c) => c.verdict === 'not tested' && c.difference === null && c.exampleBootstrap.note !== null));
  const files = await buildBundle(report, findFontFiles(process.env));
  assert.match(files.get('README.md') as string, /\| bitfit \| bitfit \| 0\.15 \| – \| – \| – \|/);
});

test('a method whose final runs all failed is listed with its failures, and compared with nothing', { timeout: 120000 }, async () => {
  const failures = Object.fromEntries(fixtureOptions.seeds.map((s) => [`sst2/lora/final/${s}`, 'failed' as const]));
  const results = syntheticResults({ ...fixtureOptions, failures });
  const report = buildReport(asLoaded(results), options);
  assert.equal(report.failures.filter((f) => f.method === 'lora' && f.phase === 'final').length, 3);
  const lora = report.comparisons.filter((c) => c.task === 'sst2' && c.baseline === 'lora');
  assert.ok(lora.length === 2 && lora.every((c) => c.verdict === 'not tested' && c.seedTest.pairedSeeds === 0));
  const files = await buildBundle(report, findFontFiles(process.env));
  assert.match(files.get('README.md') as string, /fixture-tiny-sst2-lora-final-1 \(sst2, lora, final seed 1\): failed: backend exited with code 1/);
});
