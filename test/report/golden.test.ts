/**
 * The report of the committed fixture results is byte-identical across two runs (PNGs and PDFs
 * included) and equal to the committed golden files; the committed fixture results equal a fresh
 * generation; each chart's PDF is one page of the SVG's size with its text in embedded DejaVu Sans.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { generateReport } from '../../src/report/generate-report.ts';
import { fixtureResultsDir, goldenDir, isGolden } from '../fixtures/golden/golden-files.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';
import { pngSize } from './support/headless-chromium.ts';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

test('the committed fixture results are exactly what the generator produces', () => {
  const expected = syntheticResults(fixtureOptions);
  const committed = listFiles(fixtureResultsDir);
  assert.deepEqual(committed, expected.map((r) => `${r.runId}.json`).sort());
  for (const result of expected) assert.equal(readFileSync(join(fixtureResultsDir, `${result.runId}.json`), 'utf8'), `${JSON.stringify(result)}\n`);
});

test('two report runs give byte-identical bundles that match the golden files', { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-golden-'));
  try {
    const first = await generateReport(fixtureResultsDir, join(dir, 'a'), dir, process.env);
    const second = await generateReport(fixtureResultsDir, join(dir, 'b'), dir, process.env);
    assert.equal(first.files, second.files);
    const files = listFiles(join(dir, 'a'));
    assert.deepEqual(listFiles(join(dir, 'b')), files);
    for (const file of files) assert.ok(readFileSync(join(dir, 'a', file)).equals(readFileSync(join(dir, 'b', file))), `${file} differs between two runs`);
    assert.deepEqual(files.filter(isGolden), listFiles(goldenDir), 'the bundle has the golden set of files');
    for (const file of files.filter(isGolden)) {
      assert.equal(readFileSync(join(dir, 'a', file), 'utf8'), readFileSync(join(goldenDir, file), 'utf8'), `${file} differs from test/fixtures/golden (regenerate with test/fixtures/golden/update.ts if intended)`);
    }
    const pngs = files.filter((f) => f.endsWith('.png'));
    assert.deepEqual(pngs, ['charts/learning-curves.png', 'charts/score-vs-flops.png', 'charts/score-vs-params.png', 'charts/tuning-curves.png']);
    for (const png of pngs) {
      const size = pngSize(readFileSync(join(dir, 'a', png)));
      assert.ok(size.width > 600 && size.height > 300, `${png} is ${size.width}×${size.height}`);
    }
    const readme = readFileSync(join(dir, 'a', 'README.md'), 'utf8');
    for (const png of pngs) assert.ok(readme.includes(`](${png})`), `README shows ${png}`);
    const pdfs = files.filter((f) => f.endsWith('.pdf'));
    assert.deepEqual(pdfs, pngs.map((p) => p.replace(/\.png$/, '.pdf')), 'a PDF per chart');
    for (const pdf of pdfs) {
      const bytes = readFileSync(join(dir, 'a', pdf));
      const text = bytes.toString('latin1');
      assert.ok(text.startsWith('%PDF-') && text.trimEnd().endsWith('%%EOF'), `${pdf} is a whole PDF`);
      assert.equal(text.match(/\/Type \/Page\b/g)?.length, 1, `${pdf} has one page`);
      const svg = readFileSync(join(dir, 'a', pdf.replace(/\.pdf$/, '.svg')), 'utf8').match(/width="([\d.]+)" height="([\d.]+)"/)!;
      const box = text.match(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/)!;
      assert.deepEqual([Number(box[1]), Number(box[2])].map(Math.round), [Number(svg[1]) * 0.75, Number(svg[2]) * 0.75].map(Math.round), `${pdf}: the SVG's size in points`);
      assert.match(text, /\/FontName \/[A-Z]{6}\+DejaVuSans\b/, `${pdf} embeds DejaVu Sans`);
      assert.ok(readme.includes(`](${pdf})`), `README links ${pdf}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
