/**
 * The PNG worker's font subsets (font-subset.mjs): the characters are those of the SVG's text; the
 * cached subsets are small, made once, and resvg draws the same pixels with them as with the full
 * DejaVu Sans files (the report's own charts, bold titles and kerned pairs included); text outside
 * the repertoire, and a font HarfBuzz cannot read, fall back to the full files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FontSubsets, REPERTOIRE, subsetFont, svgTextCharacters } from '../../src/report/charts/font-subset.mjs';
import { findFontFiles } from '../../src/report/charts/font.ts';
import { renderCharts } from '../../src/report/charts/render.ts';
import { buildChartSpecs } from '../../src/report/charts/specs.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { loadResults } from '../../src/report/load-results.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { fixtureResultsDir } from '../fixtures/golden/golden-files.ts';

const fontFiles = findFontFiles(process.env);

function pixels(svg: string, files: readonly string[]): Buffer {
  const options: ResvgRenderOptions = { font: { fontFiles: [...files], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 1.5 }, background: 'white' };
  return new Resvg(svg, options).render().pixels;
}

test('svgTextCharacters: the characters between tags, entities decoded, sorted, once each', () => {
  const svg = '<svg><g aria-label="ignored Z"><text x="1">b &amp; a&#x2212;1</text><text>&lt;&#955;&gt;</text></g></svg>';
  assert.equal(svgTextCharacters(svg), ' &1<>abλ−');
  assert.equal(svgTextCharacters('<svg><path d="M0,0"/></svg>'), '');
});

test('a cached subset is a small font, made once, that draws text exactly as the full font does', () => {
  const text = 'AVATAR To Wa 0.123 ±1.5 · loreft (accuracy)';
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="60">' +
    `<text x="4" y="20" font-family="DejaVu Sans" font-size="13px">${text}</text>` +
    `<text x="4" y="45" font-family="DejaVu Sans" font-size="15px" font-weight="bold">${text}</text></svg>`;
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-font-subset-'));
  try {
    const subsets = new FontSubsets(dir);
    const files = subsets.filesFor(fontFiles, svg);
    assert.equal(files.length, fontFiles.length);
    for (const [i, file] of files.entries()) {
      assert.ok(file.startsWith(dir), `${file} is a subset, not the full font`);
      assert.ok(statSync(file).size * 10 < statSync(fontFiles[i]!).size, `${file} is under a tenth of ${fontFiles[i]}`);
    }
    assert.ok(pixels(svg, files).equals(pixels(svg, fontFiles)), 'the same pixels');
    assert.deepEqual(subsets.filesFor(fontFiles, '<text>other text</text>'), files, 'one subset serves every SVG');
    assert.deepEqual(readdirSync(dir).sort(), files.map((f) => f.slice(dir.length + 1)).sort(), 'only the subsets are left in the cache');
    const made = files.map((f) => statSync(f).mtimeMs);
    assert.deepEqual(new FontSubsets(dir).filesFor(fontFiles, svg), files, 'a later report finds them');
    assert.deepEqual(files.map((f) => statSync(f).mtimeMs), made, 'and does not write them again');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the report's charts rasterise to the same pixels with subsets as with the full fonts", { timeout: 120000 }, async () => {
  const report = buildReport(loadResults(fixtureResultsDir), { ...defaultReportOptions, resamples: 200 });
  const charts = await renderCharts(buildChartSpecs(report), fontFiles);
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-font-subset-'));
  try {
    const subsets = new FontSubsets(dir);
    for (const chart of charts) {
      const files = subsets.filesFor(fontFiles, chart.svg);
      assert.ok(files.every((f) => f.startsWith(dir)), `${chart.name} is drawn with the subsets`);
      assert.ok(pixels(chart.svg, files).equals(pixels(chart.svg, fontFiles)), `${chart.name} differs`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('text outside the repertoire is drawn with the full fonts', () => {
  assert.ok(!REPERTOIRE.includes('中'));
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-font-subset-'));
  try {
    assert.deepEqual(new FontSubsets(dir).filesFor(fontFiles, '<text>sst2 中文</text>'), fontFiles);
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file HarfBuzz cannot subset: subsetFont throws, filesFor falls back to the full files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-font-subset-'));
  try {
    const notAFont = join(dir, 'not-a-font.ttf');
    writeFileSync(notAFont, 'this is not a font');
    assert.throws(() => subsetFont(readFileSync(notAFont), 'abc'));
    const subsets = new FontSubsets(dir);
    assert.deepEqual(subsets.filesFor([fontFiles[0]!, notAFont], '<text>abc</text>'), [fontFiles[0], notAFont]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
