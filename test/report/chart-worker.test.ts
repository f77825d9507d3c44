/**
 * Charts rendered on the worker thread (large reports) are byte for byte those rendered in this
 * thread (small reports), PNGs included; a worker that cannot render fails the report with its error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { threadRenderer, workerRenderer } from '../../src/report/charts/chart-renderer.ts';
import { findFontFiles } from '../../src/report/charts/font.ts';
import { buildChartSpecs } from '../../src/report/charts/specs.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { generateReport } from '../../src/report/generate-report.ts';
import { loadResults } from '../../src/report/load-results.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { fixtureResultsDir } from '../fixtures/golden/golden-files.ts';

const files = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();

test('the worker renders the same bundle, byte for byte, as this thread', { timeout: 180000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-chart-worker-'));
  try {
    await generateReport(fixtureResultsDir, join(dir, 'thread'), dir, process.env, {}, { renderer: threadRenderer() });
    const worker = workerRenderer();
    try {
      await generateReport(fixtureResultsDir, join(dir, 'worker'), dir, process.env, {}, { renderer: worker });
    } finally {
      await worker.close();
    }
    const names = files(join(dir, 'thread'));
    assert.deepEqual(files(join(dir, 'worker')), names);
    assert.ok(names.includes('charts/tuning-curves.png'));
    for (const name of names) assert.ok(readFileSync(join(dir, 'worker', name)).equals(readFileSync(join(dir, 'thread', name))), `${name} differs`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a chart the worker cannot render rejects with the worker\'s error, and close() ends it', { timeout: 180000 }, async () => {
  const report = buildReport(loadResults(fixtureResultsDir), { ...defaultReportOptions, resamples: 100 });
  const [first] = buildChartSpecs(report);
  const broken = { spec: { ...first!.spec, mark: 'no-such-mark', facet: undefined, spec: undefined, data: { values: [] } } };
  const renderer = workerRenderer();
  try {
    const images = renderer.render([broken], findFontFiles(process.env), { svg: true, png: true, pdf: true });
    await assert.rejects(images.svgs, /^Error: chart worker: /);
    await assert.rejects(images.pngs);
  } finally {
    await renderer.close();
  }
});
