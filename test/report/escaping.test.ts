/** Strings from suites and results are escaped for every output format. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCsv } from '../../src/report/render/csv.ts';
import { escapeHtml } from '../../src/report/render/html.ts';
import { escapeLatex } from '../../src/report/render/latex.ts';
import { escapeMarkdown } from '../../src/report/render/markdown.ts';
import type { Table } from '../../src/report/render/table-model.ts';

test('HTML escaping covers markup and both quote kinds', () => {
  assert.equal(escapeHtml(`<script>alert("x")</script> & 'y'`), '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;');
});

test('Markdown escaping neutralises tables, emphasis, links and raw HTML', () => {
  assert.equal(escapeMarkdown('a|b *c* _d_ [e](f) <g> `h`'), 'a\\|b \\*c\\* \\_d\\_ \\[e\\](f) \\<g\\> \\`h\\`');
  assert.equal(escapeMarkdown('line\nbreak'), 'line break');
});

test('LaTeX escaping covers the special characters', () => {
  assert.equal(escapeLatex('50% of $x_1 & {y} #2 ~ ^ \\'), '50\\% of \\$x\\_1 \\& \\{y\\} \\#2 \\textasciitilde{} \\textasciicircum{} \\textbackslash{}');
  assert.equal(escapeLatex('80.1 ± 0.2'), '80.1 $\\pm$ 0.2');
});

test('CSV quotes fields with commas, quotes or newlines and keeps numbers raw', () => {
  const table: Table = { name: 't', caption: '', headers: [], csvHeaders: ['name', 'value'], rows: [{ display: [], csv: ['a,"b"', 0.1 + 0.2] }, { display: [], csv: ['plain', null] }] };
  assert.equal(renderCsv(table), 'name,value\r\n"a,""b""",0.3\r\nplain,\r\n');
});
