/**
 * The PNG worker's font subsets (font-subset.mjs): the characters are those of the SVG's text; the
 * cached subsets are small, made once, and resvg draws the same pixels with them as with the full
 * DejaVu Sans files (the report's own charts, bold titles and kerned pairs included), also through
 * the worker itself; a damaged cached subset is made again; text outside the repertoire, a font
 * HarfBuzz cannot read, a font whose subset would lose its kerning, and a cache that cannot be
 * written fall back to the full files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Resvg, type ResvgRenderOptions } from '@resvg/resvg-js';
import { FontSubsets, fontTables, REPERTOIRE, subsetFont, subsetLoss, svgTextCharacters } from '../../src/report/charts/font-subset.mjs';
import { PngRasteriser } from '../../src/report/charts/png-rasteriser.ts';
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

test('a file HarfBuzz cannot subset: subsetFont throws, filesFor draws with that file whole', () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-font-subset-'));
  try {
    const notAFont = join(dir, 'not-a-font.ttf');
    writeFileSync(notAFont, 'this is not a font');
    assert.throws(() => subsetFont(readFileSync(notAFont), 'abc'));
    const subsets = new FontSubsets(dir);
    const [subset, whole] = subsets.filesFor([fontFiles[0]!, notAFont], '<text>abc</text>');
    assert.ok(subset!.startsWith(dir) && subset !== notAFont, 'the good font is still subset');
    assert.equal(whole, notAFont);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** An SVG of `text` in regular and bold, with pairs that DejaVu Sans kerns. */
function textSvg(text = 'AVATAR To Wa 0.123 ±1.5 · loreft (accuracy)'): string {
  return (
    '<svg xmlns="http://www.w3.org/2000/svg" width="420" height="60">' +
    `<text x="4" y="20" font-family="DejaVu Sans" font-size="13px">${text}</text>` +
    `<text x="4" y="45" font-family="DejaVu Sans" font-size="15px" font-weight="bold">${text}</text></svg>`
  );
}

function withDir(body: (dir: string) => void | Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-font-subset-'));
  return Promise.resolve(body(dir)).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('the PNG worker draws with subsets from its cache, and the PNG is the one the full fonts give', { timeout: 60000 }, () =>
  withDir(async (dir) => {
    const svg = textSvg();
    const rasteriser = new PngRasteriser(dir);
    const options: ResvgRenderOptions = { font: { fontFiles: [...fontFiles], loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' }, fitTo: { mode: 'zoom', value: 1.5 }, background: 'white' };
    try {
      const png = await rasteriser.rasterise(svg, options);
      assert.equal(readdirSync(dir).filter((n) => n.endsWith('.ttf')).length, fontFiles.length, 'the worker wrote one subset per font');
      assert.ok(Buffer.from(png).equals(new Resvg(svg, options).render().asPng()), 'the same PNG bytes');
    } finally {
      rasteriser.close();
    }
  }),
);

test('a damaged cached subset is made again', () =>
  withDir((dir) => {
    const [file] = new FontSubsets(dir).filesFor(fontFiles.slice(0, 1), textSvg());
    truncateSync(file!, 100);
    assert.deepEqual(fontTables(readFileSync(file!)), [], 'cut short, it is not a font');
    assert.deepEqual(new FontSubsets(dir).filesFor(fontFiles.slice(0, 1), textSvg()), [file]);
    assert.ok(fontTables(readFileSync(file!)).includes('glyf'), 'made again');
  }));

test('a font kerned only by a legacy kern table is drawn whole (its subset would lose the kerning)', () =>
  withDir((dir) => {
    // DejaVu Sans with its GPOS table renamed (GPOR sorts in the same place): only kern kerns it.
    const font = Buffer.from(readFileSync(fontFiles[0]!));
    const tags = fontTables(font);
    const at = 12 + 16 * tags.indexOf('GPOS');
    assert.ok(tags.includes('kern') && at >= 12);
    font.write('GPOR', at, 'latin1');
    const kernOnly = join(dir, 'kern-only.ttf');
    writeFileSync(kernOnly, font);
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="30"><text x="4" y="20" font-family="DejaVu Sans" font-size="15px">AVATAR To Wa</text></svg>';
    const subset = subsetFont(font, REPERTOIRE);
    assert.match(subsetLoss(font, subset) ?? '', /lost .*kern/);
    const subsetFile = join(dir, 'subset.ttf');
    writeFileSync(subsetFile, subset);
    assert.ok(!pixels(svg, [subsetFile]).equals(pixels(svg, [kernOnly])), 'the subset would draw differently');
    assert.deepEqual(new FontSubsets(join(dir, 'cache')).filesFor([kernOnly], svg), [kernOnly]);
  }));

test('subsets keep every name record: a font whose family differs by name ID is matched as before', (t) => {
  const light = join(dirname(fontFiles[0]!), 'DejaVuSans-ExtraLight.ttf');
  if (!existsSync(light)) return t.skip(`${light} is not installed (fonts-dejavu-extra)`);
  // Name ID 1 of this file says "DejaVu Sans Light" and ID 16 "DejaVu Sans": which face resvg picks
  // for "DejaVu Sans" beside the bold one depends on the records a subset keeps.
  return withDir((dir) => {
    const files = [light, fontFiles[1] ?? fontFiles[0]!];
    const svg = textSvg();
    const subsets = new FontSubsets(dir).filesFor(files, svg);
    assert.ok(subsets.every((f) => f.startsWith(dir)));
    assert.ok(pixels(svg, subsets).equals(pixels(svg, files)));
  });
});

test('a cache folder that cannot be made: the full fonts, and no second try', () =>
  withDir((dir) => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    const subsets = new FontSubsets(join(blocker, 'fonts'));
    assert.deepEqual(subsets.filesFor(fontFiles, textSvg()), fontFiles);
    rmSync(blocker); // the folder could be made now, but the failure is remembered
    assert.deepEqual(subsets.filesFor(fontFiles, textSvg('other')), fontFiles);
    assert.ok(!existsSync(blocker), 'nothing was written on the second call');
  }));
