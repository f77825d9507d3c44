/**
 * Fuzz test of `reftbench check` (issue 21): the baseline is an honest report, the pull request's
 * report is the same report mutated field by field (every number and string of every test metric
 * and entry key, rows removed, duplicated or reordered, per-seed values lowered or raised with and
 * without their figures redone, Infinity written as 1e999). Every mutation that worsens a score or
 * hides a row must fail the gate (exit 1) or be refused (exit 2); an honest improvement or a
 * reordering must still pass, so the gate is not simply refusing everything. Seeded, so a failure
 * reproduces; a seeded sample of 500 of about 1,250 mutations, about 10 s on a 2-core machine.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { buildReport } from '../../src/report/build-report.ts';
import { seedStatistics } from '../../src/report/entries.ts';
import { defaultReportOptions } from '../../src/report/report-options.ts';
import { stableStringify } from '../../src/report/stable-json.ts';
import { createRandom } from '../../src/stats/random.ts';
import type { Report, TestMetric } from '../../src/types/report.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const options = { ...defaultReportOptions, resamples: 200 };
const honest = buildReport(syntheticResults(fixtureOptions).map((result) => ({ file: `${result.runId}.json`, result })), options);

type Key = string;
const keyOf = (model: string, task: string, method: string, metric: string): Key => JSON.stringify([model, task, method, metric]);

interface Row {
  claimed: number | null;
  values: number[];
  direction: 'max' | 'min';
}

/** Every (model, task, method, metric) of a report with its claimed mean and its per-seed values (all copies of a repeated row). */
function rowsOf(report: Report): Map<Key, Row[]> {
  const rows = new Map<Key, Row[]>();
  for (const e of report.entries) {
    if (!Array.isArray(e.test)) continue;
    for (const m of e.test) {
      const key = keyOf(e.model, e.task, e.method, m.name);
      const values = (Array.isArray(m.perSeed) ? m.perSeed : []).map((s) => s?.value).filter((v): v is number => typeof v === 'number');
      rows.set(key, [...(rows.get(key) ?? []), { claimed: typeof m.mean === 'number' ? m.mean : null, values, direction: m.direction }]);
    }
  }
  return rows;
}

const average = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * Whether `mutated` worsens a score or hides a row relative to `baseline`: a baseline row absent,
 * repeated or over fewer seeds; or a claimed mean, or the mean of the per-seed values, that is worse
 * (by the baseline's direction), missing or not finite.
 */
function worsensOrHides(mutated: Report, baseline: Report): boolean {
  const now = rowsOf(mutated);
  for (const [key, [b]] of rowsOf(baseline)) {
    const copies = now.get(key);
    if (copies === undefined || copies.length !== 1) return true;
    const c = copies[0]!;
    if (c.values.length < b!.values.length) return true;
    const sign = b!.direction === 'max' ? 1 : -1;
    for (const figure of [c.claimed, c.values.length > 0 ? average(c.values) : null]) {
      if (figure === null || !Number.isFinite(figure)) return true;
      if (sign * (figure - b!.claimed!) < -1e-12) return true;
    }
  }
  return false;
}

/** Writes both reports and runs `check --abs 0` (any worse mean is a regression). */
async function gate(dir: string, current: string): Promise<number> {
  writeFileSync(join(dir, 'current.json'), current);
  return main(['check', 'current.json', '--baseline', 'baseline.json', '--abs', '0'], { out: () => undefined, err: () => undefined, cwd: dir, env: {} });
}

/** Redoes n, mean, std and CI of a metric from its per-seed values, as `reftbench report` would. */
function redo(report: Report, e: Report['entries'][number], m: TestMetric): void {
  const values = m.perSeed.map((s) => s.value).filter((v): v is number => v !== null);
  Object.assign(m, seedStatistics(values, [e.model, e.task, e.method, m.name], { seed: report.statistics.seed, resamples: report.statistics.bootstrapResamples, confidence: report.statistics.confidence }));
}

interface Mutation {
  name: string;
  apply(r: Report): void;
  /** Raw text edit after stringifying (for values JSON cannot hold, such as 1e999). */
  text?(t: string): string;
}

/** Field-by-field mutations of one test metric (entry i, metric j). */
function metricMutations(i: number, j: number, random: ReturnType<typeof createRandom>): Mutation[] {
  const at = (r: Report) => ({ e: r.entries[i]!, m: r.entries[i]!.test[j]! });
  const out: Mutation[] = [];
  const numbers: (keyof TestMetric)[] = ['n', 'mean', 'std', 'ciLow', 'ciHigh'];
  const deltas = [-0.5, -0.05, -1e-6, 1e-6, 0.05, 0.5];
  for (const field of numbers) {
    for (const d of deltas) out.push({ name: `${field} + ${d}`, apply: (r) => void ((at(r).m as unknown as Record<string, number>)[field] = ((at(r).m[field] as number | null) ?? 0) + d) });
    for (const v of [0, -1, 1e9, null]) out.push({ name: `${field} = ${v}`, apply: (r) => void ((at(r).m as unknown as Record<string, unknown>)[field] = v) });
  }
  out.push({ name: 'mean = 1e999', apply: () => undefined, text: (t) => t.replace(`"mean": ${JSON.stringify(honestMetric(i, j).mean)}`, '"mean": 1e999') });
  out.push({ name: 'direction flipped', apply: (r) => void (at(r).m.direction = at(r).m.direction === 'max' ? 'min' : 'max') });
  out.push({ name: 'metric renamed', apply: (r) => void (at(r).m.name = `${at(r).m.name}x`) });
  out.push({ name: 'metric removed', apply: (r) => void at(r).e.test.splice(j, 1) });
  out.push({ name: 'metric repeated, better copy last', apply: (r) => {
    const better = structuredClone(at(r).m);
    for (const s of better.perSeed) if (s.value !== null) s.value += 0.1;
    redo(r, at(r).e, better);
    for (const s of at(r).m.perSeed) if (s.value !== null) s.value -= 0.2;
    redo(r, at(r).e, at(r).m);
    at(r).e.test.push(better);
  } });
  for (let k = 0; k < honestMetric(i, j).perSeed.length; k++) {
    const seedAt = (r: Report) => at(r).m.perSeed[k]!;
    out.push({ name: `perSeed[${k}] removed`, apply: (r) => void at(r).m.perSeed.splice(k, 1) });
    out.push({ name: `perSeed[${k}] removed, figures redone`, apply: (r) => { at(r).m.perSeed.splice(k, 1); redo(r, at(r).e, at(r).m); } });
    out.push({ name: `perSeed[${k}].value = null, figures redone`, apply: (r) => { seedAt(r).value = null; redo(r, at(r).e, at(r).m); } });
    out.push({ name: `perSeed[${k}].seed = a repeated seed`, apply: (r) => void (seedAt(r).seed = at(r).m.perSeed[(k + 1) % at(r).m.perSeed.length]!.seed) });
    out.push({ name: `perSeed[${k}].seed = 99`, apply: (r) => void (seedAt(r).seed = 99) });
    for (const d of [-0.3, -0.01, 0.01, 0.3]) {
      out.push({ name: `perSeed[${k}].value + ${d}`, apply: (r) => void (seedAt(r).value = (seedAt(r).value ?? 0) + d) });
      out.push({ name: `perSeed[${k}].value + ${d}, figures redone`, apply: (r) => { seedAt(r).value = (seedAt(r).value ?? 0) + d; redo(r, at(r).e, at(r).m); } });
    }
    out.push({ name: `perSeed[${k}].value lowered, mean kept`, apply: (r) => { const mean = at(r).m.mean; seedAt(r).value = (seedAt(r).value ?? 0) - 0.2; redo(r, at(r).e, at(r).m); at(r).m.mean = mean; } });
  }
  out.push({ name: `random value in a random field`, apply: (r) => void ((at(r).m as unknown as Record<string, number>)[numbers[random.int(numbers.length)]!] = random.next() * 2 - 0.5) });
  return out;
}

function honestMetric(i: number, j: number): TestMetric {
  return honest.entries[i]!.test[j]!;
}

/** Row-level mutations of entry i: its key changed, the row removed or repeated. */
function entryMutations(i: number): Mutation[] {
  const out: Mutation[] = [];
  for (const field of ['model', 'task', 'method'] as const) {
    out.push({ name: `${field} renamed`, apply: (r) => void (r.entries[i]![field] = `${r.entries[i]![field]}-renamed`) });
    out.push({ name: `${field} set to another row's`, apply: (r) => {
      const other = r.entries.find((e) => e[field] !== r.entries[i]![field]);
      if (other) r.entries[i]![field] = other[field];
    } });
  }
  out.push({ name: 'entry removed', apply: (r) => void r.entries.splice(i, 1) });
  out.push({ name: 'every test metric removed', apply: (r) => void (r.entries[i]!.test = []) });
  out.push({ name: 'entry regressed, then repeated unchanged', apply: (r) => {
    const copy = structuredClone(r.entries[i]!);
    for (const m of r.entries[i]!.test) {
      for (const s of m.perSeed) if (s.value !== null) s.value -= 0.3;
      redo(r, r.entries[i]!, m);
    }
    r.entries.push(copy);
  } });
  out.push({ name: 'entry repeated, the copy regressed and first', apply: (r) => {
    const copy = structuredClone(r.entries[i]!);
    for (const m of copy.test) {
      for (const s of m.perSeed) if (s.value !== null) s.value -= 0.3;
      redo(r, copy, m);
    }
    r.entries.unshift(copy);
  } });
  return out;
}

test('every mutation that worsens a score or hides a row fails the gate or is refused', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-check-fuzz-'));
  try {
    writeFileSync(join(dir, 'baseline.json'), stableStringify(honest));
    assert.equal(await gate(dir, stableStringify(honest)), 0, 'the honest report passes');
    const random = createRandom(21);
    const mutations: { where: string; m: Mutation }[] = [];
    honest.entries.forEach((e, i) => {
      for (const m of entryMutations(i)) mutations.push({ where: `entries[${i}]`, m });
      e.test.forEach((_, j) => {
        for (const m of metricMutations(i, j, random)) mutations.push({ where: `entries[${i}].test[${j}]`, m });
      });
    });
    // A seeded sample of 500 (every kind of mutation appears once per test metric in the full list).
    for (let k = mutations.length - 1; k > 0; k--) {
      const l = random.int(k + 1);
      [mutations[k], mutations[l]] = [mutations[l]!, mutations[k]!];
    }
    mutations.length = Math.min(mutations.length, 500);
    let worsening = 0;
    const outcomes = { 0: 0, 1: 0, 2: 0 } as Record<number, number>;
    for (const { where, m } of mutations) {
      const mutated = structuredClone(honest);
      m.apply(mutated);
      const text = m.text ? m.text(stableStringify(mutated)) : stableStringify(mutated);
      const code = await gate(dir, text);
      outcomes[code] = (outcomes[code] ?? 0) + 1;
      // What the mutated report holds, read back as check reads it (1e999 becomes Infinity).
      const bad = worsensOrHides(JSON.parse(text) as Report, honest);
      if (bad) {
        worsening++;
        assert.notEqual(code, 0, `${where}: ${m.name} worsens or hides a row but passed the gate`);
      }
      assert.ok(code === 0 || code === 1 || code === 2, `${where}: ${m.name}: exit ${code}`);
    }
    assert.equal(mutations.length, 500);
    assert.ok(worsening > 150, `${worsening} worsening mutations`);
    assert.ok(outcomes[0]! > 10 && outcomes[1]! > 30 && outcomes[2]! > 200, JSON.stringify(outcomes));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('honest changes still pass: a consistent improvement and a reordering exit 0, a consistent worsening exits 1', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-check-fuzz-'));
  try {
    writeFileSync(join(dir, 'baseline.json'), stableStringify(honest));
    const better = structuredClone(honest);
    for (const e of better.entries)
      for (const m of e.test) {
        for (const s of m.perSeed) if (s.value !== null) s.value += m.direction === 'max' ? 0.01 : -0.01;
        redo(better, e, m);
      }
    assert.equal(await gate(dir, stableStringify(better)), 0);
    const reordered = structuredClone(honest);
    reordered.entries.reverse();
    assert.equal(await gate(dir, stableStringify(reordered)), 0);
    const worse = structuredClone(honest);
    const m = worse.entries[0]!.test[0]!;
    for (const s of m.perSeed) if (s.value !== null) s.value += m.direction === 'max' ? -0.01 : 0.01;
    redo(worse, worse.entries[0]!, m);
    assert.equal(await gate(dir, stableStringify(worse)), 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
