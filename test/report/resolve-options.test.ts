/** Report settings: defaults < the suite's report options (in the results) < the command line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { resolveReportOptions } from '../../src/report/resolve-options.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const results = syntheticResults({ ...fixtureOptions, tasks: [fixtureOptions.tasks[0]!], methods: [fixtureOptions.methods[0]!], trials: 1, seeds: [1] });
const loadedWith = (reportOptions: (typeof results)[number]['reportOptions']) =>
  results.map((result) => ({ file: `${result.runId}.json`, result: { ...result, reportOptions } }));

test('without suite options or flags the defaults apply', () => {
  assert.deepEqual(resolveReportOptions(loadedWith(undefined), {}), defaultReportOptions);
});

test("the suite's confidence and bootstrap apply, and flags override them", () => {
  const loaded = loadedWith({ confidence: 0.9, bootstrap: 500 });
  assert.deepEqual(resolveReportOptions(loaded, {}), { ...defaultReportOptions, confidence: 0.9, resamples: 500 });
  assert.deepEqual(resolveReportOptions(loaded, { resamples: 3000, correction: 'bh' }), { ...defaultReportOptions, confidence: 0.9, resamples: 3000, correction: 'bh' });
});
