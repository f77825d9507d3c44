/**
 * completeness.ts: a report of an unfinished suite says which (model, task, method) cells lack runs,
 * in README.md, index.html and on the command's stderr; a finished one says nothing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { completenessOf, describeGaps } from '../../src/report/completeness.ts';
import { renderHtml } from '../../src/report/render/html.ts';
import { renderMarkdown } from '../../src/report/render/markdown.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import type { RunResult } from '../../src/types/result.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const asLoaded = (rs: RunResult[]) => rs.map((result) => ({ file: `${result.runId}.json`, result }));
const options = { ...defaultReportOptions, resamples: 200 };
const all = syntheticResults(fixtureOptions); // 1 model × 2 tasks × 4 methods × (3 trials + 3 seeds)
const report = (rs: RunResult[]) => buildReport(asLoaded(rs), options);

test('every planned run present (failed and diverged runs count): no gaps, nothing said', () => {
  const r = report(all);
  assert.deepEqual(completenessOf(r), { cells: 8, planned: 48, present: 48, perCell: { trials: 3, finals: 3 }, gaps: [], noSelection: [], emptyLevels: [] });
  assert.equal(describeGaps(completenessOf(r)), '');
  assert.doesNotMatch(renderMarkdown(r, []), /Incomplete/);
  assert.doesNotMatch(renderHtml(r, []), /Incomplete/);
});

test('a run cut short: the cells short of runs, and a cell with no result at all, are named with their counts', () => {
  const kept = all.filter(
    (x) =>
      !(x.spec.task.id === 'stsb' && x.spec.method.id === 'bitfit') && // the whole cell missing
      !(x.spec.task.id === 'sst2' && x.spec.method.id === 'lora' && x.spec.phase === 'final' && x.spec.seed !== 1), // 2 of 3 seeds missing
  );
  const c = completenessOf(report(kept));
  assert.equal(c.cells, 8);
  assert.equal(c.planned, 48);
  assert.equal(c.present, 40);
  assert.deepEqual(c.gaps, [
    { model: 'fixture-tiny', task: 'sst2', method: 'lora', trials: 3, finals: 1 },
    { model: 'fixture-tiny', task: 'stsb', method: 'bitfit', trials: 0, finals: 0 },
  ]);
  const sentence = describeGaps(c);
  assert.equal(
    sentence,
    'Incomplete results: 8 of at least 48 planned runs have no result file, in 2 of 8 (model, task, method) cells: ' +
      'fixture-tiny/sst2/lora (3 of 3 trials, 1 of 3 final runs); fixture-tiny/stsb/bitfit (0 of 3 trials, 0 of 3 final runs). ' +
      "A cell's scores and comparisons use only the runs present; running the suite again into the same results folder completes it.",
  );
  assert.match(describeGaps(c, 1), /fixture-tiny\/sst2\/lora \(3 of 3 trials, 1 of 3 final runs\), and 1 more\./);
  assert.ok(renderMarkdown(report(kept), []).includes(`**${sentence}**`));
  assert.ok(renderHtml(report(kept), []).includes(`<p><strong>${sentence.replace("'", '&#39;')}</strong></p>`));
});

test('a cell whose every trial failed has no finals by design: its own sentence, pointing to --retry-failed', () => {
  const failed = (x: RunResult): RunResult => ({ ...x, status: 'failed', metrics: {}, failure: { reason: 'backend exited with code 1', stderrTail: '' } });
  const cell = (x: RunResult) => x.spec.task.id === 'stsb' && x.spec.method.id === 'bitfit';
  const kept = all.filter((x) => !(cell(x) && x.spec.phase === 'final')).map((x) => (cell(x) ? failed(x) : x));
  const c = completenessOf(report(kept));
  assert.deepEqual(c.gaps, []);
  assert.deepEqual(c.noSelection, [{ model: 'fixture-tiny', task: 'stsb', method: 'bitfit', trials: 3, finals: 0 }]);
  assert.equal(
    describeGaps(c),
    'No configuration selected in 1 (model, task, method) cell, because every tuning trial failed, so it has no final runs: ' +
      'fixture-tiny/stsb/bitfit (3 of 3 trials failed). Running the suite again skips failed runs; ' +
      '`reftbench run <suite> --retry-failed` (same results folder) reruns the failed trials, then selects and runs the finals.',
  );
  // With a cell short of runs as well, that one is counted without the finals the failed cell could not have.
  const both = completenessOf(report(kept.filter((x) => !(x.spec.task.id === 'sst2' && x.spec.method.id === 'lora' && x.spec.phase === 'final' && x.spec.seed === 3))));
  assert.match(describeGaps(both), /^Incomplete results: 1 of at least 48 planned runs have no result file, in 1 of 8 \(model, task, method\) cells: fixture-tiny\/sst2\/lora \(3 of 3 trials, 2 of 3 final runs\)\.[^]* No configuration selected in 1 /);
});

test('reftbench report on an unfinished results folder: exit 0, the report, and a warning on stderr', { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-incomplete-'));
  try {
    mkdirSync(join(dir, 'results'));
    for (const r of all.filter((x) => x.spec.phase === 'trial')) writeFileSync(join(dir, 'results', `${r.runId}.json`), JSON.stringify(r));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['report', 'results', '--out', 'report', '--resamples', '200'], { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd: dir, env: process.env });
    assert.equal(code, 0, err.join('\n'));
    assert.match(out.join('\n'), /report written to/);
    assert.match(err.join('\n'), /^warning: Incomplete results: 24 of at least 48 planned runs have no result file, in 8 of 8 \(model, task, method\) cells:/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
