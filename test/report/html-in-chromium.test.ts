/**
 * The HTML report in a real headless Chromium: no console errors, charts with non-empty size, a
 * screenshot, and a suite name containing <script> shown as text (not run).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBundle } from '../../src/report/bundle.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { findFontFiles } from '../../src/report/charts/font.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { writeBundle } from '../../src/report/write-bundle.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';
import { findChromium, pngSize, visitPage } from './support/headless-chromium.ts';

const chromium = findChromium();
const hostileName = 'evil<script>document.title="pwned";console.error("xss")</script>&"\'';

test('the HTML report renders in headless Chromium without errors, with sized charts and escaped names', { skip: chromium ? false : 'no chromium binary (apt-get install -y chromium, or set REFTBENCH_CHROMIUM)', timeout: 120000 }, async () => {
  const results = syntheticResults({ ...fixtureOptions, suiteName: hostileName, tasks: [{ ...fixtureOptions.tasks[0]!, id: 'sst2<b>x</b>' }, fixtureOptions.tasks[1]!] });
  const loaded = results.map((result) => ({ file: `${result.runId}.json`, result }));
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-html-'));
  try {
    const out = join(dir, 'report');
    writeBundle(out, await buildBundle(buildReport(loaded, defaultReportOptions), findFontFiles(process.env)));
    const expression = `JSON.stringify({
      title: document.title,
      heading: document.getElementById('suite-name').textContent,
      scripts: document.querySelectorAll('script').length,
      charts: [...document.querySelectorAll('.chart svg')].map((s) => { const r = s.getBoundingClientRect(); return [s.closest('.chart').id, r.width, r.height]; }),
      tables: document.querySelectorAll('table').length,
    })`;
    const visit = await visitPage(chromium!, pathToFileURL(join(out, 'index.html')).href, expression);
    // Set REFTBENCH_SCREENSHOT_DIR to keep the screenshot for a look.
    if (process.env.REFTBENCH_SCREENSHOT_DIR) writeFileSync(join(process.env.REFTBENCH_SCREENSHOT_DIR, 'report-screenshot.png'), visit.screenshot);
    assert.deepEqual(visit.errors, []);
    const page = JSON.parse(visit.value as string) as { title: string; heading: string; scripts: number; charts: [string, number, number][]; tables: number };
    assert.equal(page.scripts, 0, 'no <script> element may exist in the page');
    assert.equal(page.heading, `Report: ${hostileName}`, 'the suite name is shown as text, unchanged');
    assert.equal(page.title, `Report: ${hostileName}`);
    assert.deepEqual(page.charts.map((c) => c[0]), ['chart-score-vs-params', 'chart-score-vs-flops', 'chart-learning-curves', 'chart-tuning-curves']);
    for (const [id, width, height] of page.charts) assert.ok(width > 200 && height > 150, `${id} is ${width}×${height}`);
    assert.equal(page.tables, 4, 'main, comparisons, selection and cost tables');
    const shot = pngSize(visit.screenshot);
    assert.ok(shot.width >= 800 && shot.height > 1000, `screenshot ${shot.width}×${shot.height}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
