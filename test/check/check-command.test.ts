/**
 * `reftbench check` on reports of the fixture results: an unchanged report passes (exit 0), a
 * planted regression fails (exit 1) and is named, incompatible or broken reports exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { stableStringify } from '../../src/report/stable-json.ts';
import type { Report } from '../../src/types/report.ts';
import type { RunResult } from '../../src/types/result.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const options = { ...defaultReportOptions, resamples: 500 };
const results = syntheticResults(fixtureOptions);
const reportOf = (rs: RunResult[]) => buildReport(rs.map((result) => ({ file: `${result.runId}.json`, result })), options);
const baseline = reportOf(results);

/** The same suite where every final LoRA run on sst2 got 12 more test examples wrong (of 48). */
function plantedRegression(): Report {
  const changed = structuredClone(results);
  for (const r of changed) {
    if (r.spec.phase !== 'final' || r.spec.method.id !== 'lora' || r.spec.task.id !== 'sst2') continue;
    const p = r.predictions!;
    let flipped = 0;
    p.predicted = p.predicted.map((v, i) => (v === p.gold[i] && flipped++ < 12 ? 1 - (v as number) : v));
    r.metrics.test!.accuracy = p.predicted.filter((v, i) => v === p.gold[i]).length / p.gold.length;
  }
  return reportOf(changed);
}

async function runCheck(current: Report | string, base: Report | string, extra: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-check-'));
  try {
    const file = (name: string, r: Report | string) => {
      writeFileSync(join(dir, name), typeof r === 'string' ? r : stableStringify(r));
      return name;
    };
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['check', file('current.json', current), '--baseline', file('baseline.json', base), ...extra], {
      out: (t) => void out.push(t),
      err: (t) => void err.push(t),
      cwd: dir,
      env: process.env,
    });
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

test('an unchanged report passes with every row unchanged', async () => {
  const { code, out } = await runCheck(baseline, baseline);
  assert.equal(code, 0);
  assert.match(out, /0 regression\(s\), 0 missing, 0 improvement\(s\), 12 unchanged, 0 new — rule: outside the baseline's confidence interval/);
});

test('a planted regression fails the check under each rule and is the only one flagged', async () => {
  const regressed = plantedRegression();
  for (const rule of [['--ci'], ['--abs', '0.05'], ['--rel', '0.1'], []]) {
    const { code, out, markdown } = await runCheck(regressed, baseline, [...rule, '--markdown', 'summary.md']);
    assert.equal(code, 1, `rule ${rule.join(' ') || '(from the report)'}`);
    const flagged = out.split('\n').filter((l) => l.startsWith('REGRESSION'));
    assert.equal(flagged.length, 1, out);
    assert.match(flagged[0]!, /REGRESSION\s+fixture-tiny\s+sst2\s+lora\s+accuracy \(↑\)/);
    assert.match(markdown, /## reftbench check: fixture-mini — regression found/);
    assert.match(markdown, /\| \*\*REGRESSION\*\* \| fixture-tiny \| sst2 \| lora \|/);
  }
});

test('the same change read the other way is an improvement, not a failure', async () => {
  const { code, out } = await runCheck(baseline, plantedRegression(), ['--abs', '0.05']);
  assert.equal(code, 0);
  assert.match(out, /^improved\s+fixture-tiny\s+sst2\s+lora/m);
});

test('a tolerance larger than the change lets it pass', async () => {
  const { code } = await runCheck(plantedRegression(), baseline, ['--abs', '0.5']);
  assert.equal(code, 0);
});

test('a method missing from the current report is a regression; a new one is not', async () => {
  const fewer = structuredClone(baseline);
  fewer.entries = fewer.entries.filter((e) => e.method !== 'bitfit');
  const missing = await runCheck(fewer, baseline);
  assert.equal(missing.code, 1);
  assert.match(missing.out, /^MISSING\s+fixture-tiny\s+sst2\s+bitfit/m);
  const added = await runCheck(baseline, fewer);
  assert.equal(added.code, 0);
  assert.match(added.out, /^new\s+fixture-tiny\s+sst2\s+bitfit/m);
});

test('incompatible reports exit 2 and name the difference and both files', async () => {
  const otherSuite = { ...structuredClone(baseline), suite: { name: 'other', hash: baseline.suite.hash } };
  const r1 = await runCheck(otherSuite, baseline);
  assert.equal(r1.code, 2);
  assert.match(r1.err, /not comparable: the suite name is "other" in the current report current\.json but "fixture-mini" in the baseline baseline\.json\./);
  const otherSeeds = structuredClone(baseline);
  otherSeeds.protocol.seeds = [1, 2, 3, 4];
  const r2 = await runCheck(otherSeeds, baseline);
  assert.equal(r2.code, 2);
  assert.match(r2.err, /the seeds \(protocol\.seeds\) is \[ 1, 2, 3, 4 \] in the current report current\.json but \[ 1, 2, 3 \] in the baseline baseline\.json/);
  const otherBudget = structuredClone(baseline);
  otherBudget.protocol.tuning.trialsPerMethod = 10;
  assert.match((await runCheck(otherBudget, baseline)).err, /the tuning budget \(protocol\.tuning\)/);
});

test('a changed suite hash with the same protocol is only a note', async () => {
  const edited = { ...structuredClone(baseline), suite: { name: baseline.suite.name, hash: 'sha256-new' } };
  const { code, err } = await runCheck(edited, baseline);
  assert.equal(code, 0);
  assert.match(err, /note: the suite file changed \(hash sha256-fixture → sha256-new\)/);
});

test('bad input exits 2 with one clear message', async () => {
  const cases: [Report | string, Report | string, string[], RegExp][] = [
    ['{', baseline, [], /current\.json: not valid JSON/],
    [baseline, '{"schemaVersion": 2}', [], /baseline\.json: report schemaVersion 2 is not the one this reftbench reads \(1\)/],
    [baseline, JSON.stringify({ ...baseline, entries: 'none' }), [], /baseline\.json: not a valid report[\s\S]*\/entries: must be array/],
    [baseline, baseline, ['--abs', '-1'], /--abs -1: expected a number ≥ 0/],
    [baseline, baseline, ['--abs', '0.1', '--ci'], /only one of --abs, --rel and --ci/],
    [baseline, baseline, ['--what'], /unknown option --what/],
    [baseline, baseline, ['--markdown', 'no/such/folder/summary.md'], /--markdown no\/such\/folder\/summary\.md: cannot write the summary/],
  ];
  for (const [current, base, extra, message] of cases) {
    const { code, err } = await runCheck(current, base, extra);
    assert.equal(code, 2, String(message));
    assert.match(err, message);
  }
  const io = { out: () => undefined, err: (t: string) => void errors.push(t), cwd: tmpdir(), env: process.env };
  const errors: string[] = [];
  assert.equal(await main(['check', 'missing-report.json', '--baseline', 'b.json'], io), 2);
  assert.match(errors.join('\n'), /current report .*missing-report\.json does not exist/);
  assert.equal(await main(['check', 'a.json'], io), 2);
  assert.match(errors.join('\n'), /needs --baseline/);
});
