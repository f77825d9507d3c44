/**
 * compare-reports.ts on reports built from the synthetic fixture: a method whose final runs are all
 * gone is MISSING (not a regression of a null score), one scored over fewer seeds is INCOMPLETE, and
 * both fail the check; the rule is the command line's or the baseline's, never the current report's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseRule, compareReports, exitCodeOf } from '../../src/check/compare-reports.ts';
import { renderCheckMarkdown, summaryLine } from '../../src/check/render-check.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import type { Report } from '../../src/types/report.ts';
import type { RunResult } from '../../src/types/result.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const all = syntheticResults(fixtureOptions);
const report = (rs: RunResult[]) => buildReport(rs.map((result) => ({ file: `${result.runId}.json`, result })), { ...defaultReportOptions, resamples: 200 });
const baseline = report(all);
const isFinal = (r: RunResult, task: string, method: string) => r.spec.phase === 'final' && r.spec.task.id === task && r.spec.method.id === method;

test('the same results: every row unchanged, seeds shown, exit 0', () => {
  const outcome = compareReports(report(all), baseline, { rule: 'ci' });
  assert.ok(outcome.rows.every((r) => r.verdict === 'unchanged' && r.seeds?.[0] === 3 && r.seeds[1] === 3));
  assert.equal(exitCodeOf(outcome), 0);
});

test('every final run of a method gone: MISSING, not REGRESSION; fails', () => {
  const outcome = compareReports(report(all.filter((r) => !isFinal(r, 'sst2', 'lora'))), baseline, { rule: 'ci' });
  const row = outcome.rows.find((r) => r.task === 'sst2' && r.method === 'lora')!;
  assert.equal(row.verdict, 'missing');
  assert.deepEqual(row.seeds, [3, 0]);
  assert.equal(outcome.regressions, 0);
  assert.equal(outcome.missing, 1);
  assert.equal(exitCodeOf(outcome), 1);
});

test('a method scored over fewer seeds than the baseline: INCOMPLETE, whatever its mean; fails', () => {
  const outcome = compareReports(report(all.filter((r) => !(isFinal(r, 'sst2', 'loreft') && r.spec.seed === 3))), baseline, { rule: 'abs', tolerance: 1 });
  const row = outcome.rows.find((r) => r.task === 'sst2' && r.method === 'loreft')!;
  assert.equal(row.verdict, 'incomplete');
  assert.deepEqual(row.seeds, [3, 2]);
  assert.equal(outcome.incomplete, 1);
  assert.equal(exitCodeOf(outcome), 1);
  assert.match(summaryLine(outcome), /1 incomplete \(fewer seeds than the baseline\)/);
  const markdown = renderCheckMarkdown(outcome, 'fixture-mini');
  assert.match(markdown, /regression found/);
  assert.match(markdown, /\| \*\*INCOMPLETE\*\* \| fixture-tiny \| sst2 \| loreft \|.* \| 2\/3 \|/);
});

test("the rule: the command line's, else the baseline's; never the report under test's", () => {
  const withRule = (r: Report, rule: Report['checkRule']): Report => ({ ...r, checkRule: rule });
  const base = withRule(baseline, { rule: 'abs', tolerance: 0.01 });
  assert.deepEqual(chooseRule(undefined, base), { rule: 'abs', tolerance: 0.01 });
  assert.deepEqual(chooseRule({ rule: 'ci' }, base), { rule: 'ci' });
  // A baseline without a rule gives none (the command refuses), whatever the current report says.
  assert.equal(chooseRule(undefined, withRule(baseline, undefined)), undefined);
});
