/**
 * `reftbench check` probed as a hostile pull request would (issue 21): the report under test cannot
 * set its own rule, cannot claim figures its per-seed values (or, with --results, its result files)
 * do not give, cannot hide a regressed row behind a duplicate, and cannot write raw control
 * characters into the CI log. Each case passed with exit 0 before.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { stableStringify } from '../../src/report/stable-json.ts';
import type { Report, TestMetric } from '../../src/types/report.ts';
import type { RunResult } from '../../src/types/result.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const options = { ...defaultReportOptions, resamples: 200 };
const results = syntheticResults(fixtureOptions);
const reportOf = (rs: RunResult[]) => buildReport(rs.map((result) => ({ file: `${result.runId}.json`, result })), options);
/** The baseline records no rule (as a report of a suite without report.check does). */
const baseline: Report = (() => {
  const { checkRule: _rule, ...rest } = reportOf(results);
  return rest;
})();

/** The sst2 × lora accuracy metric of a report (the row the cases below tamper with). */
function loraAccuracy(report: Report): TestMetric {
  return report.entries.find((e) => e.task === 'sst2' && e.method === 'lora')!.test.find((m) => m.name === 'accuracy')!;
}

/** The same results where every final LoRA run on sst2 scores 0.1 on test. */
function regressed(): Report {
  const changed = structuredClone(results);
  for (const r of changed) if (r.spec.phase === 'final' && r.spec.method.id === 'lora' && r.spec.task.id === 'sst2') r.metrics.test!.accuracy = 0.1;
  return reportOf(changed);
}

async function check(current: Report | string, base: Report | string, extra: string[] = [], files: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-gate-'));
  try {
    writeFileSync(join(dir, 'current.json'), typeof current === 'string' ? current : stableStringify(current));
    writeFileSync(join(dir, 'baseline.json'), typeof base === 'string' ? base : stableStringify(base));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['check', 'current.json', '--baseline', 'baseline.json', ...extra], { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd: dir, env: {} });
    let markdown = '';
    try {
      markdown = readFileSync(join(dir, 'summary.md'), 'utf8');
    } catch {
      markdown = '';
    }
    return { code, out: out.join('\n'), err: err.join('\n'), markdown };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the rule never comes from the report under test: a loose rule there is ignored, and no rule at all is exit 2', async () => {
  const loose: Report = { ...regressed(), checkRule: { rule: 'abs', tolerance: 1000 } };
  const none = await check(loose, baseline);
  assert.equal(none.code, 2);
  assert.equal(none.out, '');
  assert.match(none.err, /the baseline report baseline\.json records no check rule \(checkRule\) and the command line names none\. Give the rule on the command line \(--abs X, --rel X or --ci/);
  assert.equal((await check(loose, baseline, ['--ci'])).code, 1);
  // The baseline's own rule applies when it has one; the current report's never does.
  const strictBaseline: Report = { ...baseline, checkRule: { rule: 'abs', tolerance: 0.01 } };
  const byBaseline = await check(loose, strictBaseline);
  assert.equal(byBaseline.code, 1);
  assert.match(byBaseline.out, /rule: worse by more than 0\.01 \(absolute\)/);
});

test('n must be the number of per-seed values', async () => {
  const lie = regressed();
  const m = loraAccuracy(lie);
  m.n = 1e9;
  const { code, err } = await check(lie, baseline, ['--ci']);
  assert.equal(code, 2);
  assert.match(err, /current\.json: entries\[\d+\] \(fixture-tiny × sst2 × lora\), test metric accuracy n is 1000000000 but perSeed holds 3 value\(s\)/);
});

test('a mean (or std, or interval) its per-seed values do not give is refused', async () => {
  const lie = structuredClone(baseline);
  const m = loraAccuracy(lie);
  m.perSeed = [{ seed: 1, value: 0.67 }, { seed: 2, value: 0.62 }];
  m.n = 2;
  m.mean = 0.99;
  const r = await check(lie, baseline, ['--ci']);
  assert.equal(r.code, 2);
  assert.match(r.err, /test metric accuracy mean is 0\.99 but its per-seed values give 0\.645/);
  for (const field of ['std', 'ciLow', 'ciHigh'] as const) {
    const other = structuredClone(baseline);
    loraAccuracy(other)[field] = (loraAccuracy(other)[field] ?? 0) + 0.01;
    const { code, err } = await check(other, baseline, ['--ci']);
    assert.equal(code, 2, field);
    assert.match(err, new RegExp(`test metric accuracy ${field} is [0-9.]+ but its per-seed values give`));
  }
});

test('an Infinity (1e999) anywhere is refused, naming where', async () => {
  const text = stableStringify(baseline).replace(/"mean": [0-9.]+/, '"mean": 1e999');
  const { code, err } = await check(text, baseline, ['--ci']);
  assert.equal(code, 2);
  assert.match(err, /current\.json: \/entries\/0\/test\/0\/mean is not a finite number/);
});

test('a regressed row followed by a good duplicate is refused, not judged by the last copy', async () => {
  const doubled = regressed();
  const i = doubled.entries.findIndex((e) => e.task === 'sst2' && e.method === 'lora');
  doubled.entries.push(structuredClone(baseline.entries[i]!));
  const { code, err } = await check(doubled, baseline, ['--ci']);
  assert.equal(code, 2);
  assert.match(err, new RegExp(`entries\\[${doubled.entries.length - 1}\\] \\(fixture-tiny × sst2 × lora\\) repeats the row of entries\\[${i}\\]`));
});

test('negative n and counts break the report schema', async () => {
  const negative = structuredClone(baseline);
  negative.counts.failed = -3;
  const r1 = await check(negative, baseline, ['--ci']);
  assert.equal(r1.code, 2);
  assert.match(r1.err, /\/counts\/failed: must be >= 0/);
  const noSeeds = structuredClone(baseline);
  const m = loraAccuracy(noSeeds);
  Object.assign(m, { n: -1, perSeed: [], mean: null, std: null, ciLow: null, ciHigh: null });
  const r2 = await check(noSeeds, baseline, ['--ci']);
  assert.equal(r2.code, 2);
  assert.match(r2.err, /\/test\/0\/n: must be >= 0/);
});

test('--results rebuilds the report from its result files: a consistent report the results do not give is refused', async () => {
  const resultFiles = Object.fromEntries(results.map((r) => [`results/${r.runId}.json`, `${JSON.stringify(r)}\n`]));
  const honest = await check(reportOf(results), baseline, ['--ci', '--results', 'results'], resultFiles);
  assert.equal(honest.code, 0, honest.err);
  // Per-seed values raised, with n, mean, std and CI recomputed to match: consistent, but not the results'.
  const forged = reportOf(results.map((r) => {
    if (r.spec.phase !== 'final' || r.spec.method.id !== 'lora' || r.spec.task.id !== 'sst2') return r;
    return { ...r, metrics: { ...r.metrics, test: { ...r.metrics.test, accuracy: 0.99 } } };
  }));
  const plain = await check(forged, baseline, ['--ci']);
  assert.equal(plain.code, 0, 'without --results a consistent report is taken as it is');
  const { code, err } = await check(forged, baseline, ['--ci', '--results', 'results'], resultFiles);
  assert.equal(code, 2);
  assert.match(err, /current\.json is not the report of the results in results: at \/\S+ it has .* but the results give .*Regenerate it with `reftbench report results`/);
});

test('ids carrying newlines, terminal escapes or a right-to-left override reach the CI log only as visible \\u escapes', async () => {
  const hostile = structuredClone(baseline);
  const lora = hostile.entries.find((e) => e.task === 'sst2' && e.method === 'lora')!;
  const extra = structuredClone(lora);
  extra.method = 'x\nREGRESSION none\u001b[2K\u202Eevil';
  hostile.entries.push(extra);
  const { code, out, markdown } = await check(hostile, baseline, ['--ci', '--markdown', 'summary.md']);
  assert.equal(code, 0);
  assert.doesNotMatch(out, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/, 'no raw control character but the line breaks of the table');
  assert.match(out, /^new\s+fixture-tiny\s+sst2\s+x\\u000aREGRESSION none\\u001b\[2K\\u202eevil/m);
  assert.equal(out.split('\n').filter((l) => l.startsWith('REGRESSION')).length, 0);
  assert.doesNotMatch(markdown, /[\u0000-\u0009\u000b-\u001f\u202a-\u202e]/);
  assert.match(markdown, /x REGRESSION none\\u001b\\\[2K\\u202eevil/);
});
