/** Strings from suites and results are escaped for every output format. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderCsv } from '../../src/report/render/csv.ts';
import { escapeHtml } from '../../src/report/render/html.ts';
import { escapeLatex } from '../../src/report/render/latex.ts';
import { escapeMarkdown, markdownCode } from '../../src/report/render/markdown.ts';
import { printable } from '../../src/report/render/printable.ts';
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

test('CSV: a string starting with =, +, -, @, a tab or a carriage return gets a leading apostrophe; numbers stay numbers', () => {
  const table: Table = { name: 't', caption: '', headers: [], csvHeaders: ['name', 'value'], rows: [
    { display: [], csv: ['=HYPERLINK("http://x","y")', -0.5] },
    { display: [], csv: ['+1', '-2'] },
    { display: [], csv: ['@SUM(A1)', '\tx'] },
  ] };
  assert.equal(renderCsv(table), `name,value\r\n"'=HYPERLINK(""http://x"",""y"")",-0.5\r\n'+1,'-2\r\n'@SUM(A1),'\tx\r\n`);
});

test('Markdown: entity references, control and bidirectional characters cannot act; the hash code span stays on one line', () => {
  assert.equal(escapeMarkdown('a &#x202E; &amp; b & c'), 'a \\&#x202E; \\&amp; b & c');
  assert.equal(escapeMarkdown('x\u202Ey\u2066z\u001b[1m\r\nw'), 'x\\u202ey\\u2066z\\u001b\\[1m w');
  assert.equal(markdownCode('ab`c\n\n<script>'), '`abc\\u000a\\u000a<script>`');
});

test('HTML: bidirectional and control characters are shown, line breaks kept', () => {
  assert.equal(escapeHtml('a\u202Eb\u0007c\nd'), 'a\\u202eb\\u0007c\nd');
});

test('LaTeX: a line break is a space (a blank line would end the table row), control characters are shown', () => {
  assert.equal(escapeLatex('a\n\nb\u202E'), 'a  b\\textbackslash{}u202e');
});

test('printable: one log line, nothing that moves the cursor or reverses the text', () => {
  assert.equal(printable('ok\n\u001b[2K\u202Eevil\u2028\u0085'), 'ok\\u000a\\u001b[2K\\u202eevil\\u2028\\u0085');
  assert.equal(printable('plain × text – é'), 'plain × text – é');
});
