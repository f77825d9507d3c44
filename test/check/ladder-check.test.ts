/**
 * `reftbench check` on compute-ladder reports (test/fixtures/ladder/ladder-results.ts: 3 levels of
 * one model × task × method): such a report passes verification (one entry per level is no
 * duplicate; the same level twice is), two ladder reports compare level by level, so a regression at
 * one level is found and named with its level, and `--results` rebuilds the report from the results.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReports } from '../../src/check/compare-reports.ts';
import { verifyReport } from '../../src/check/verify-report.ts';
import { main } from '../../src/cli.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { stableStringify } from '../../src/report/stable-json.ts';
import type { Report } from '../../src/types/report.ts';
import type { RunResult } from '../../src/types/result.ts';
import { ladderResults } from '../fixtures/ladder/ladder-results.ts';

const options = { ...defaultReportOptions, resamples: 200 };
const results = ladderResults();
const reportOf = (rs: RunResult[]) => buildReport(rs.map((result) => ({ file: `${result.runId}.json`, result })), options);
const baseline = reportOf(results);

/** The same results where every final loreft run on sst2 at the middle level (2 epochs) got 30 more test examples wrong (of 120). */
function regressedAtOneLevel(): Report {
  const changed = structuredClone(results);
  for (const r of changed) {
    if (r.spec.phase !== 'final' || r.spec.method.id !== 'loreft' || r.spec.task.id !== 'sst2' || r.spec.accounting?.budget?.match?.amount !== 2) continue;
    const p = r.predictions!;
    let flipped = 0;
    p.predicted = p.predicted.map((v, i) => (v === p.gold[i] && flipped++ < 30 ? 1 - (v as number) : v));
    r.metrics.test!.accuracy = p.predicted.filter((v, i) => v === p.gold[i]).length / p.gold.length;
  }
  return reportOf(changed);
}

async function runCheck(current: Report, base: Report, extra: (dir: string) => string[] = () => []) {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-ladder-check-'));
  try {
    writeFileSync(join(dir, 'current.json'), stableStringify(current));
    writeFileSync(join(dir, 'baseline.json'), stableStringify(base));
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['check', 'current.json', '--baseline', 'baseline.json', '--abs', '0.05', ...extra(dir)], { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd: dir, env: process.env });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a ladder report passes verification; the same level twice is a repeated row', () => {
  assert.equal(verifyReport(baseline), undefined);
  const twice = structuredClone(baseline);
  twice.entries.push(structuredClone(twice.entries[1]!));
  const problem = verifyReport(twice);
  assert.match(problem?.where ?? '', /entries\[12\] \(fixture-tiny × sst2 × lora at 2 epochs of lora \(flops\)\)/);
  assert.match(problem?.what ?? '', /repeats the row of entries\[1\]; a report has one entry per model × task × method and budget level/);
});

test('two ladder reports compare level by level: one row per metric and level, the regression found at its level only', () => {
  const same = compareReports(reportOf(results), baseline, { rule: 'abs', tolerance: 0.05 });
  // 2 methods × 3 levels × (sst2: accuracy; stsb: pearson, spearman)
  assert.equal(same.rows.length, 18);
  assert.ok(same.rows.every((r) => r.verdict === 'unchanged'));
  assert.equal(new Set(same.rows.map((r) => JSON.stringify([r.task, r.method, r.metric, r.budget]))).size, 18);
  const outcome = compareReports(regressedAtOneLevel(), baseline, { rule: 'abs', tolerance: 0.05 });
  const regressions = outcome.rows.filter((r) => r.verdict === 'regression');
  assert.deepEqual(regressions.map((r) => [r.task, r.method, r.budget]), [['sst2', 'loreft', '2 epochs of lora (flops)']]);
  const other = outcome.rows.find((r) => r.task === 'sst2' && r.method === 'loreft' && r.budget === '4 epochs of lora (flops)')!;
  assert.equal(other.delta, 0, 'the other levels are compared with their own baseline');
});

test('reftbench check on ladder report files: schema-valid, exit 1 naming the level; --results rebuilds the ladder report', async () => {
  const failed = await runCheck(regressedAtOneLevel(), baseline);
  assert.equal(failed.code, 1, failed.err);
  const line = failed.out.split('\n').find((l) => l.startsWith('REGRESSION'));
  assert.match(line ?? '', /sst2\s+loreft at 2 epochs of lora \(flops\)\s+accuracy/);
  const passed = await runCheck(baseline, baseline, (dir) => {
    mkdirSync(join(dir, 'results'));
    for (const r of results) writeFileSync(join(dir, 'results', `${r.runId}.json`), JSON.stringify(r));
    return ['--results', 'results'];
  });
  assert.equal(passed.code, 0, passed.err);
});
