/**
 * The suite's report block reaches the report through the results: the runner copies it into every
 * result file, so `reftbench report <results>` alone writes what the suite asked for.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, readResults, reftbench, suiteVariant, tempDir } from './helpers.ts';

test('a suite asking for JSON and CSV tables with SVG charts gets exactly those, and the results carry its report block', async () => {
  const dir = tempDir('report-options');
  const cache = join(dir, 'cache');
  const report = { formats: ['json', 'csv'], charts: ['svg'], bootstrap: 200, baseline: 'full' } as const;
  const suite = suiteVariant(dir, (s) => {
    s.name = 'run-report-options';
    s.seeds = [1];
    s.report = { ...report, formats: [...report.formats], charts: [...report.charts] };
  });
  const results = join(dir, 'results');
  const ran = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results], cache);
  assert.equal(ran.code, 0, ran.err.join('\n'));
  const stored = [...readResults(results).values()];
  assert.ok(stored.length > 0);
  for (const r of stored) assert.deepEqual(r.reportOptions, report, `${r.runId} carries the suite's report block`);
  const out = join(dir, 'report');
  const made = await reftbench(['report', results, '--out', out], cache);
  assert.equal(made.code, 0, made.err.join('\n'));
  assert.ok(existsSync(join(out, 'report.json')));
  assert.ok(!existsSync(join(out, 'index.html')), 'no HTML when the suite leaves it out');
  assert.ok(!existsSync(join(out, 'README.md')), 'no Markdown when the suite leaves it out');
  const tables = readdirSync(join(out, 'tables'));
  assert.ok(tables.length > 0 && tables.every((n) => n.endsWith('.csv')), tables.join(', '));
  const charts = readdirSync(join(out, 'charts'));
  assert.ok(charts.length > 0 && charts.every((n) => n.endsWith('.svg')), charts.join(', '));
  const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { statistics?: { baseline?: string; resamples?: number } };
  assert.equal(json.statistics?.baseline, 'full');
});
