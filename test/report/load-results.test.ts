/** Good and bad results directories: every problem is one UserError naming the file and what to do. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUserError } from '../../src/errors.ts';
import { loadResults } from '../../src/report/load-results.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import type { RunResult } from '../../src/types/result.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const [first, second] = syntheticResults({ ...fixtureOptions, tasks: [fixtureOptions.tasks[0]!], methods: [fixtureOptions.methods[0]!], trials: 2, seeds: [1] });

function withDir(files: Record<string, string>, body: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-results-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function userErrorText(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(isUserError(error), `expected a UserError, got ${String(error)}`);
    return error.message;
  }
  assert.fail('expected a UserError');
}

const json = (r: unknown) => JSON.stringify(r);

test('a valid directory loads in file-name order, skipping bookkeeping files', () => {
  withDir({ 'b.json': json(second), 'a.json': json(first), '.lock': 'x', '_plan.json': '{}', 'notes.txt': 'x' }, (dir) => {
    const loaded = loadResults(dir);
    assert.deepEqual(loaded.map((l) => l.result.runId), [first!.runId, second!.runId]);
    assert.equal(loaded[0]!.file, join(dir, 'a.json'));
  });
});

test('a missing directory and an empty one say what to pass', () => {
  assert.match(userErrorText(() => loadResults('/nonexistent/results/x')), /\/nonexistent\/results\/x does not exist.*reftbench report results\/<suite>/);
  withDir({}, (dir) => assert.match(userErrorText(() => loadResults(dir)), /holds no result files.*npm run bench/));
});

test('invalid JSON names the file and says to rerun the run', () => {
  withDir({ 'a.json': '{"schemaVersion": 1,' }, (dir) => assert.match(userErrorText(() => loadResults(dir)), /a\.json: not valid JSON .*delete it and rerun/));
});

test('a result that breaks the schema names the file and each JSON pointer', () => {
  const broken = structuredClone(first!) as unknown as Record<string, unknown>;
  delete broken.compute;
  (broken.spec as Record<string, unknown>).seed = -1;
  broken.status = 'exploded';
  withDir({ 'a.json': json(broken) }, (dir) => {
    const text = userErrorText(() => loadResults(dir));
    assert.match(text, /a\.json: not a valid result file/);
    assert.match(text, /\(top level\): must have required property 'compute'/);
    assert.match(text, /\/spec\/seed: must be >= 0/);
    assert.match(text, /\/status: must be equal to one of the allowed values/);
  });
});

test('a failed run without its failure record is rejected', () => {
  const failed: RunResult = { ...first!, status: 'failed' };
  withDir({ 'a.json': json(failed) }, (dir) => assert.match(userErrorText(() => loadResults(dir)), /must have required property 'failure'/));
});

test('runId mismatches and duplicates are named', () => {
  withDir({ 'a.json': json({ ...first!, runId: 'other' }) }, (dir) => assert.match(userErrorText(() => loadResults(dir)), /runId "other" differs from spec\.runId/));
  withDir({ 'a.json': json(first), 'b.json': json(first) }, (dir) => assert.match(userErrorText(() => loadResults(dir)), /appears twice: .*a\.json and .*b\.json/));
});

test('results from two suites or two protocols in one directory are refused, naming both files', () => {
  const otherSuite = structuredClone(second!);
  otherSuite.spec.suite.hash = 'sha256-edited';
  withDir({ 'a.json': json(first), 'b.json': json(otherSuite) }, (dir) => {
    const text = userErrorText(() => buildReport(loadResults(dir), defaultReportOptions));
    assert.match(text, /suite hash is "sha256-fixture" in .*a\.json but "sha256-edited" in .*b\.json/);
  });
  const otherProtocol = structuredClone(second!);
  otherProtocol.protocol.seeds = [1, 2];
  withDir({ 'a.json': json(first), 'b.json': json(otherProtocol) }, (dir) => {
    assert.match(userErrorText(() => buildReport(loadResults(dir), defaultReportOptions)), /protocol is .* but .*"seeds":\[1,2\]/);
  });
  const otherSplit = structuredClone(second!);
  otherSplit.protocol.split.dev = '128 examples carved from train (seed 1)';
  withDir({ 'a.json': json(first), 'b.json': json(otherSplit) }, (dir) => {
    assert.match(userErrorText(() => buildReport(loadResults(dir), defaultReportOptions)), /the split protocol of task sst2 is .*64 examples.* in .*a\.json but .*128 examples.* in .*b\.json/);
  });
});

test('the same protocol written with its keys in another order is the same protocol', () => {
  const reordered = structuredClone(second!);
  const reverse = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).reverse());
  reordered.protocol = reverse(reordered.protocol as unknown as Record<string, unknown>) as unknown as RunResult['protocol'];
  reordered.protocol.compute = reverse(reordered.protocol.compute as unknown as Record<string, unknown>) as unknown as RunResult['protocol']['compute'];
  reordered.protocol.split = reverse(reordered.protocol.split as unknown as Record<string, unknown>) as unknown as RunResult['protocol']['split'];
  assert.notEqual(JSON.stringify(reordered.protocol), JSON.stringify(second!.protocol));
  withDir({ 'a.json': json(first), 'b.json': json(reordered) }, (dir) => {
    assert.equal(buildReport(loadResults(dir), defaultReportOptions).suite.name, first!.spec.suite.name);
  });
});

test('a results path that is a file is treated as a missing directory', () => {
  withDir({ 'a.json': json(first) }, (dir) => assert.match(userErrorText(() => loadResults(join(dir, 'a.json'))), /is not a directory|does not exist/));
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-results-'));
  mkdirSync(join(dir, 'nested'));
  try {
    assert.match(userErrorText(() => loadResults(dir)), /holds no result files/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
