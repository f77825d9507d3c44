/**
 * A report rendered from results whose every free string carries markup (suite name and hash, model,
 * task and method ids, model source, harness and library versions, hardware names, split
 * descriptions, failure reasons): the HTML page, the README and the CSV/LaTeX tables must show it
 * as text. The markup holds an HTML block, emphasis, a table pipe, a link, an entity reference, a
 * right-to-left override, a terminal escape and blank lines, and each id starts with '=' (a
 * spreadsheet formula). Removing any escaping call (a table cell, a failure reason, the hash) fails
 * this test.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildBundle } from '../../src/report/bundle.ts';
import { allFormats } from '../../src/report/bundle-selection.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import type { RunResult } from '../../src/types/result.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

/** `text` carrying markup; the same text always gives the same string (ids stay consistent across results). */
const marked = (text: string) => `=${text}<b>*bold*_|</b>\n\n<script>alert(1)</script>&#x202E;\u202E[l](javascript:x)\u001b[31m`;

function markedResult(r: RunResult): RunResult {
  const out = structuredClone(r);
  out.spec.suite.name = marked('suite');
  out.spec.suite.hash = marked(r.spec.suite.hash);
  out.spec.model.id = marked(r.spec.model.id);
  out.spec.model.source = marked(r.spec.model.source);
  out.spec.task.id = marked(r.spec.task.id);
  out.spec.method.id = marked(r.spec.method.id);
  out.versions.harness = marked(r.versions.harness);
  out.versions.harnessCommit = marked(r.versions.harnessCommit ?? 'none');
  out.versions.engine = marked(r.versions.engine);
  out.versions.libraries = Object.fromEntries(Object.entries(r.versions.libraries ?? {}).map(([k, v]) => [marked(k), marked(String(v))]));
  out.hardware.device = marked(r.hardware.device);
  out.hardware.cpu = marked(r.hardware.cpu);
  const protocol = out.protocol;
  if (protocol.compute.referenceMethod !== undefined) protocol.compute.referenceMethod = marked(protocol.compute.referenceMethod);
  for (const key of ['train', 'dev', 'test'] as const) if (typeof protocol.split[key] === 'string') protocol.split[key] = marked(protocol.split[key]);
  if (out.failure) out.failure.reason = marked(out.failure.reason);
  return out;
}

const results = syntheticResults(fixtureOptions).map(markedResult);
const report = buildReport(results.map((result) => ({ file: `${result.runId}.json`, result })), defaultReportOptions);
const files = await buildBundle(report, [], { formats: new Set(allFormats), charts: new Set(['svg']) });
const text = (name: string) => {
  const content = files.get(name);
  assert.equal(typeof content, 'string', name);
  return content as string;
};

test('the fixture really carries the markup into the report (failure reasons, hash, ids, versions, hardware)', () => {
  assert.ok(report.failures.length > 0 && report.failures.every((f) => f.reason.includes('<script>')));
  assert.ok(report.suite.hash.includes('\n\n<script>'));
  assert.ok(report.entries.every((e) => e.model.includes('<b>') && e.task.includes('<b>') && e.method.includes('<b>')));
  assert.ok(report.environment.hardware.every((h) => h.cpu.includes('<b>')));
});

test('index.html: no tag, entity or bidirectional control from the results survives', () => {
  // The inline SVG charts are vega's (they escape markup themselves); the page's own text is checked here.
  const html = text('index.html').replace(/<svg[\s\S]*?<\/svg>/g, '<svg/>');
  assert.doesNotMatch(html, /<script|<b>|<\/b>/i);
  assert.doesNotMatch(html, /&#x202E;/, 'the entity reference is shown as text (&amp;#x202E;)');
  assert.doesNotMatch(html, /[\u202a-\u202e\u2066-\u2069\u001b]/);
  assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;&amp;#x202E;\\u202e/);
  // Every failure reason and every table cell carries the escaped markup.
  const failures = html.slice(html.indexOf('<h2>Failed runs</h2>'));
  assert.equal((failures.match(/&lt;script&gt;/g) ?? []).length, report.failures.length * 3, 'each failure row: its task, its method and its reason');
  assert.ok((html.match(/<td>=fixture-tiny&lt;b&gt;/g) ?? []).length >= report.entries.length);
});

test('chart SVGs (files and inline in index.html): ids keep no bidirectional or control character, shown as \\uXXXX instead', () => {
  const svgs = [...files.keys()].filter((n) => n.endsWith('.svg')).map((n) => [n, text(n)] as const);
  svgs.push(...(text('index.html').match(/<svg[\s\S]*?<\/svg>/g) ?? []).map((svg, i) => [`index.html svg ${i}`, svg] as const));
  assert.ok(svgs.length >= 8, `${svgs.length} SVGs`);
  for (const [name, svg] of svgs) {
    assert.doesNotMatch(svg, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/, name);
    assert.match(svg, /\\u202e\[l\]\(javascript:x\)\\u001b\[31m/, `${name}: the ids are drawn, their controls as text`);
  }
});

test('README.md: no raw HTML, no extra table cell, no blank line from a string, no bidirectional control', () => {
  const md = text('README.md');
  // Outside the hash's code span (where markup is literal text), every < and entity & is escaped.
  const prose = md.replace(/^Suite hash `[^`\n]*`/m, 'Suite hash');
  assert.doesNotMatch(prose, /(?<!\\)<(script|b|\/b)/);
  assert.doesNotMatch(prose, /(?<!\\)&#x202E;/);
  assert.doesNotMatch(md, /[\u202a-\u202e\u2066-\u2069\u001b]/);
  const hashLine = md.split('\n').find((l) => l.startsWith('Suite hash'))!;
  assert.ok(hashLine.includes('<script>alert(1)</script>') && hashLine.includes('\\u202e'), 'the whole hash stays on its line, inside the code span');
  assert.ok(!/`[^`\n]*\n/.test(hashLine));
  // Each table row has as many unescaped pipes as its header.
  const lines = md.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('| ') || !lines[i + 1]?.startsWith('|')) continue;
    const pipes = (l: string) => (l.match(/(?<!\\)\|/g) ?? []).length;
    const want = pipes(lines[i]!);
    for (let j = i + 2; lines[j]?.startsWith('|'); j++) assert.equal(pipes(lines[j]!), want, lines[j]);
  }
  assert.ok(md.includes('\\<script\\>alert(1)\\</script\\>\\&#x202E;\\u202e\\[l\\](javascript:x)\\u001b\\[31m'));
});

test('CSV: no cell starts a spreadsheet formula; LaTeX: no raw markup character', () => {
  const csvs = [...files.keys()].filter((n) => n.endsWith('.csv'));
  assert.ok(csvs.length > 3);
  for (const name of csvs) {
    for (const line of text(name).split('\r\n')) {
      const cells = line.split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      for (const cell of cells) assert.doesNotMatch(cell, /^"?[=+@\t\r]/, `${name}: ${cell}`);
    }
  }
  assert.match(text('tables/runs.csv'), /'=fixture-tiny<b>/);
  for (const name of [...files.keys()].filter((n) => n.endsWith('.tex'))) {
    const tex = text(name);
    assert.doesNotMatch(tex, /<b>|<script|\n\s*\n/, `${name}: raw markup, or a blank line that ends the table's paragraph`);
    assert.doesNotMatch(tex, /[\u0000-\u0009\u000b-\u001f\u202a-\u202e\u2066-\u2069]/, name);
  }
});
