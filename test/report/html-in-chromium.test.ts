/**
 * The HTML report in a real headless Chromium: no console errors, charts with non-empty size, no
 * element wider than the page on screen (1280 px) or in print (the print stylesheet at an A4 text
 * width), every chart file (PNG and SVG) loading as an image, a screenshot, and a suite name
 * containing <script> shown as text (not run). Set REFTBENCH_SCREENSHOT_DIR to keep the screenshots.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildBundle } from '../../src/report/bundle.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { findFontFiles } from '../../src/report/charts/font.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { REPO_ROOT as repoRoot } from '../../src/repo-root.ts';
import { writeBundle } from '../../src/report/write-bundle.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';
import { findChromium, pngSize, visitPage } from './support/headless-chromium.ts';

const chromium = findChromium();
const skip = chromium ? false : 'no chromium binary (apt-get install -y chromium, or set REFTBENCH_CHROMIUM)';
const hostileName = 'evil<script>document.title="pwned";console.error("xss")</script>&"\'';
const CHARTS = ['chart-score-vs-params', 'chart-score-vs-flops', 'chart-learning-curves', 'chart-tuning-curves'];

/**
 * In the page: every HTML element (and each chart's <svg>) whose box leaves the viewport's width,
 * the document's own horizontal overflow, and each chart's id, size and number of drawn marks.
 */
const LAYOUT = `(() => {
  const width = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className : '');
  const overflowing = [...document.body.querySelectorAll('*')]
    .filter((el) => !(el.closest('svg') && el.tagName.toLowerCase() !== 'svg'))
    .map((el) => [el, el.getBoundingClientRect()])
    .filter(([, r]) => r.width > 0 && (r.right > width + 0.5 || r.left < -0.5))
    .map(([el, r]) => name(el) + ' ' + Math.round(r.left) + '..' + Math.round(r.right));
  return {
    width,
    scrollWidth: document.documentElement.scrollWidth,
    overflowing,
    charts: [...document.querySelectorAll('.chart')].map((c) => {
      const svg = c.querySelector('svg');
      const r = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
      return [c.id, r.width, r.height, svg ? svg.querySelectorAll('[role="graphics-symbol"]').length : 0];
    }),
  };
})()`;

interface Layout {
  width: number;
  scrollWidth: number;
  overflowing: string[];
  charts: [string, number, number, number][];
}

function assertFits(layout: Layout, where: string): void {
  assert.deepEqual(layout.overflowing, [], `${where}: elements wider than the page`);
  assert.ok(layout.scrollWidth <= layout.width, `${where}: the page scrolls sideways (${layout.scrollWidth} > ${layout.width})`);
  assert.deepEqual(layout.charts.map((c) => c[0]), CHARTS, `${where}: charts`);
  for (const [id, width, height, marks] of layout.charts) {
    assert.ok(width > 200 && height > 150, `${where}: ${id} is ${width}×${height}`);
    assert.ok(width <= layout.width, `${where}: ${id} is ${width} px wide in a ${layout.width} px page`);
    assert.ok(marks > 0, `${where}: ${id} draws nothing`);
  }
}

/** Loads every chart file of a bundle (PNG and SVG) as an <img> in a page of its own; returns [file, natural width, natural height]. */
async function chartImages(bundle: string, scratch: string): Promise<[string, number, number][]> {
  const files = readdirSync(join(bundle, 'charts')).filter((f) => f.endsWith('.png') || f.endsWith('.svg')).sort();
  const page = join(scratch, 'images.html');
  writeFileSync(page, `<!DOCTYPE html><html><body>${files.map((f) => `<img alt="${f}" src="${pathToFileURL(join(bundle, 'charts', f)).href}">`).join('')}</body></html>`);
  const visit = await visitPage(chromium!, pathToFileURL(page).href, `Promise.all([...document.images].map((i) => i.decode().then(() => [i.alt, i.naturalWidth, i.naturalHeight], () => [i.alt, 0, 0])))`);
  assert.deepEqual(visit.errors, []);
  return visit.value as [string, number, number][];
}

function keepScreenshot(name: string, png: Buffer): void {
  if (process.env.REFTBENCH_SCREENSHOT_DIR) writeFileSync(join(process.env.REFTBENCH_SCREENSHOT_DIR, name), png);
}

test('the HTML report renders in headless Chromium without errors, with sized charts and escaped names', { skip, timeout: 180000 }, async () => {
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
      tables: document.querySelectorAll('table').length,
      layout: ${LAYOUT},
    })`;
    const visit = await visitPage(chromium!, pathToFileURL(join(out, 'index.html')).href, expression);
    keepScreenshot('report-screenshot.png', visit.screenshot);
    assert.deepEqual(visit.errors, []);
    const page = JSON.parse(visit.value as string) as { title: string; heading: string; scripts: number; tables: number; layout: Layout };
    assert.equal(page.scripts, 0, 'no <script> element may exist in the page');
    assert.equal(page.heading, `Report: ${hostileName}`, 'the suite name is shown as text, unchanged');
    assert.equal(page.title, `Report: ${hostileName}`);
    assertFits(page.layout, 'screen');
    assert.equal(page.tables, 5, 'main, above-the-majority-class, comparisons, selection and cost tables');
    const shot = pngSize(visit.screenshot);
    assert.ok(shot.width >= 800 && shot.height > 1000, `screenshot ${shot.width}×${shot.height}`);
    for (const [file, width, height] of await chartImages(out, dir)) assert.ok(width > 200 && height > 150, `charts/${file} loads as an image (${width}×${height})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const published = ['reports/glue-mini', 'reports/stories-recall', 'test/fixtures/ci-slice/baseline'].filter((d) => existsSync(join(repoRoot, d, 'index.html')));

for (const report of published) {
  test(`${report}/index.html fits the page on screen (1280 px) and in print (A4), and every chart image loads`, { skip, timeout: 180000 }, async () => {
    const url = pathToFileURL(join(repoRoot, report, 'index.html')).href;
    const slug = report.replaceAll('/', '-');
    const screen = await visitPage(chromium!, url, LAYOUT);
    keepScreenshot(`${slug}.png`, screen.screenshot);
    assert.deepEqual(screen.errors, []);
    assertFits(screen.value as Layout, `${report} on screen`);
    // A4 less 15 mm margins is about 680 CSS px wide.
    const print = await visitPage(chromium!, url, LAYOUT, { width: 680, media: 'print' });
    keepScreenshot(`${slug}-print.png`, print.screenshot);
    assertFits(print.value as Layout, `${report} in print`);
    const scratch = mkdtempSync(join(tmpdir(), 'reftbench-images-'));
    try {
      const images = await chartImages(join(repoRoot, report), scratch);
      assert.equal(images.length, 8, 'a PNG and an SVG per chart');
      for (const [file, width, height] of images) assert.ok(width > 200 && height > 150, `${report}/charts/${file} loads as an image (${width}×${height})`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
}
