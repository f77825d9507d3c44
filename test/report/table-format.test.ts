/**
 * Numbers in the report's tables formatted by what they mean (learning rates to 3 significant
 * figures, counts with thousands separators, p-values as < 0.001, SI quantities), the selection
 * table listing every trial with the chosen one marked, text columns left-aligned and number columns
 * right-aligned in Markdown, HTML and LaTeX, and the HTML page's print stylesheet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { columnAlignment, isNumericText } from '../../src/report/render/align.ts';
import { formatHyperparameters, formatP, formatSi } from '../../src/report/render/format.ts';
import { renderHtml } from '../../src/report/render/html.ts';
import { renderLatex } from '../../src/report/render/latex.ts';
import { renderMarkdown } from '../../src/report/render/markdown.ts';
import { selectionTable } from '../../src/report/render/table-model.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const report = buildReport(syntheticResults(fixtureOptions).map((result) => ({ file: `${result.runId}.json`, result })), { ...defaultReportOptions, resamples: 200 });

test('numbers by meaning: learning rates to 3 significant figures, big counts separated, p-values, SI quantities', () => {
  assert.equal(formatHyperparameters({ lr: 0.0035791759766230485, rank: 4, steps: 120000, targets: ['query', 'value'], tied: true }), 'lr=0.00358, rank=4, steps=120,000, targets=query/value, tied=true');
  assert.equal(formatHyperparameters({ lr: 0.0035791759766230485 }, true), 'lr=0.0035791759766230485', 'CSV keeps every digit');
  assert.equal(formatP(0.0004), '< 0.001');
  assert.equal(formatP(0.0342), '0.034');
  assert.equal(formatSi(1.0664e12, 'FLOP'), '1.07 TFLOP');
  assert.equal(formatSi(999.7e9, 'FLOP'), '1 TFLOP');
  assert.equal(formatSi(512e6, 'FLOP'), '512 MFLOP');
  assert.equal(formatSi(0, 'FLOP'), '0 FLOP');
});

test('the selection table shows every trial, its hyperparameters and dev score, with the chosen one marked', () => {
  const table = selectionTable(report);
  const trials = report.entries.reduce((n, e) => n + e.selection.trials.length, 0);
  assert.equal(table.rows.length, trials);
  assert.deepEqual(table.headers, ['model', 'task', 'method', 'trial', 'hyperparameters', 'dev score', 'status', 'chosen']);
  for (const e of report.entries) {
    const mine = table.rows.filter((r) => r.display[1]!.text === e.task && r.display[2]!.text === e.method);
    assert.deepEqual(mine.map((r) => r.display[3]!.raw), e.selection.trials.map((t) => t.trial).sort((a, b) => a - b));
    const chosen = mine.filter((r) => r.display[7]!.text === 'selected');
    assert.equal(chosen.length, e.selection.selectedTrial === null ? 0 : 1);
    if (chosen[0]) assert.equal(chosen[0].display[3]!.raw, e.selection.selectedTrial);
    for (const r of mine) for (const [n] of r.display[4]!.text.matchAll(/\d+\.\d+/g)) assert.equal(Number(n), Number(Number(n).toPrecision(3)), `${n}: at most 3 significant figures`);
  }
  assert.deepEqual(table.rows[0]!.csv.length, table.csvHeaders.length);
});

test('text columns left, number columns right: Markdown rule, HTML classes, LaTeX column spec', () => {
  for (const text of ['85.3 ± 1.2', '–', '0.020–0.040', '[-4.2, 18.7]', '< 0.001', '1,234', '-6.3', '1.07e+12']) assert.ok(isNumericText(text), text);
  for (const text of ['lora', 'lr=0.001', 'selected', 'cannot be significant with 3 seeds', '']) assert.ok(!isNumericText(text), text);
  const table = selectionTable(report);
  assert.deepEqual(columnAlignment(table), ['left', 'left', 'left', 'right', 'left', 'right', 'left', 'left']);
  assert.match(renderMarkdown(report, []), /\| model \| task \| method \| trial \| hyperparameters \| dev score \| status \| chosen \|\n\| --- \| --- \| --- \| ---: \| --- \| ---: \| --- \| --- \|/);
  assert.match(renderLatex(table), /\\begin\{tabular\}\{lllrlrll\}/);
  const signed = { ...table, rows: [{ display: table.headers.map((_, i) => ({ text: i === 3 ? '[-4.2, -1.0]' : i === 5 ? '-6.3' : 'x-1', raw: null })), csv: [] }] };
  assert.match(renderLatex(signed), /^x-1 & x-1 & x-1 & \[\$-\$4\.2, \$-\$1\.0\] & x-1 & \$-\$6\.3 & x-1 & x-1 \\\\$/m, 'minus signs in number columns, hyphens in text');
  const html = renderHtml(report, []);
  assert.match(html, /<th>method<\/th><th class="num">trial<\/th><th>hyperparameters<\/th>/);
  assert.match(html, /th,td\{[^}]*text-align:left/);
});

test('the HTML page has a print stylesheet and captions under the charts, whose titles appear once', () => {
  const html = renderHtml(report, [{ name: 'score-vs-params', title: 'Test score vs trainable parameters', caption: 'x: something', svg: '<svg width="10" height="10"></svg>' }]);
  assert.match(html, /@media print\{@page\{margin:15mm\}/);
  assert.match(html, /<figure class="chart" id="chart-score-vs-params"><h3>Test score vs trainable parameters<\/h3>\n<svg[^]*<figcaption>x: something<\/figcaption><\/figure>/);
  assert.equal(html.split('Test score vs trainable parameters').length - 1, 1);
});
