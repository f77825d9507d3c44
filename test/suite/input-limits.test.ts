/**
 * Suites that would exhaust the machine or the file system are refused before anything is
 * allocated (issue 21): ids longer than 48 characters (they become file names; a 300-character
 * method id crashed `run` with ENAMETOOLONG), a `tiny:` or inline architecture whose weights and
 * activations exceed the machine's memory (hidden size 65,536 × 4,096 layers grew `run` to 17.6 GB),
 * a grid of 1e9 points per range (built in full before any limit applied), and a report.bootstrap
 * past what `reftbench report --resamples` takes (1e9 resamples ran the report for hours).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { finalSpecFor } from '../../src/plan/final-spec.ts';
import { trialConfigs } from '../../src/plan/trial-configs.ts';
import { MAX_RESAMPLES, MIN_RESAMPLES } from '../../src/report/report-options.ts';
import { archMemory } from '../../src/suite/arch-memory.ts';
import { parseSuiteText } from '../../src/suite/load-suite.ts';
import { gridSize } from '../../src/suite/search-space.ts';
import { checkSuiteSemantics } from '../../src/suite/semantic-check.ts';
import { TINY_DEFAULTS } from '../../src/models/tiny.ts';
import type { ArchConfig } from '../../src/models/arch.ts';
import type { Suite } from '../../src/types/suite.ts';
import { baseSuite, load } from '../plan/suite-builder.ts';

function problem(suite: Suite): string {
  try {
    load(suite);
  } catch (error) {
    return (error as Error).message;
  }
  assert.fail('the suite was accepted');
}

test('an id longer than 48 characters is refused at validate, naming the place', () => {
  const suite = baseSuite();
  suite.methods[2]!.id = 'm'.repeat(300);
  assert.match(problem(suite), /inline-suite\.json:\d+:\d+.*\/methods\/2\/id[\s\S]*must NOT have more than 48 characters/);
  const named = baseSuite();
  named.name = 'n'.repeat(65);
  assert.match(problem(named), /\/name[\s\S]*must NOT have more than 64 characters/);
});

test('an id or a key carrying a right-to-left override or a terminal escape is refused, the message showing them as \\uXXXX', () => {
  const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
  const id = baseSuite();
  id.methods[2]!.id = 'lo\u202era\u001b[31m\u2067';
  const idProblem = problem(id);
  assert.doesNotMatch(idProblem, raw);
  assert.match(idProblem, /\/methods\/2\/id: "lo\\u202era\\u001b\[31m\\u2067" is not in the expected form/);
  const key = baseSuite();
  (key.methods[2] as unknown as Record<string, unknown>)['x\u202ey\u2028'] = 1;
  const keyProblem = problem(key);
  assert.doesNotMatch(keyProblem, raw);
  assert.match(keyProblem, /\/methods\/2\/x\\u202ey\\u2028: unknown field "x\\u202ey\\u2028"/);
});

test('a report.bootstrap above 100,000 resamples is refused at validate, naming the place; the limits are --resamples\' own', () => {
  const suite = baseSuite();
  suite.report = { ...suite.report, bootstrap: 1e9 };
  assert.match(problem(suite), /inline-suite\.json:\d+:\d+ \/report\/bootstrap: 1000000000 is too large; it must be at most 100000\./);
  suite.report.bootstrap = MAX_RESAMPLES;
  load(suite);
  const schema = JSON.parse(readFileSync(new URL('../../schemas/suite.schema.json', import.meta.url), 'utf8')) as { definitions: Record<string, { properties: Record<string, { minimum: number; maximum: number }> }> };
  const bootstrap = schema.definitions.ReportOptions!.properties.bootstrap!;
  assert.deepEqual([bootstrap.minimum, bootstrap.maximum], [MIN_RESAMPLES, MAX_RESAMPLES]);
});

test('the longest ids and seed allowed still give result files (and their temporary names) under 255 bytes', () => {
  const suite = baseSuite();
  const long = (c: string) => c.repeat(48);
  suite.models[0]!.id = long('m');
  suite.tasks[0]!.id = long('t');
  suite.methods = suite.methods.filter((m) => m.id === 'lora').map((m) => ({ ...m, id: long('x') }));
  suite.budget.compute = { rule: 'steps', amount: 10 } as Suite['budget']['compute'];
  suite.seeds = [4294967295];
  const plan = buildPlan(load(suite));
  const ids = plan.groups.flatMap((g) => [...g.trials.map((t) => t.runId), ...g.finals.map((f) => finalSpecFor(g.trials[0]!.spec, f.seed).runId)]);
  assert.ok(ids.some((id) => id.includes('seed4294967295')));
  assert.ok(ids.length > 0);
  for (const runId of ids) {
    // src/data/atomic-write.ts: `.<name>.<pid>.<ms>.tmp`, with a 7-digit pid and a 13-digit time.
    const temporary = `.${runId}.json.4194304.${'9'.repeat(13)}.tmp`;
    assert.ok(Buffer.byteLength(temporary) <= 255, `${temporary.length}: ${temporary}`);
  }
});

const huge: Partial<ArchConfig> = { hiddenSize: 65536, numHeads: 64, numKvHeads: 64, numLayers: 4096, intermediateSize: 262144 };

function tinySuite(arch: Partial<ArchConfig> | undefined): Suite {
  const suite = baseSuite();
  suite.models = [{ id: 'tiny', source: 'tiny:bert@0', family: 'encoder', ...(arch ? { arch } : {}) } as Suite['models'][number]];
  suite.tasks[0]!.maxLength = 64;
  suite.budget.params = { maxPercent: 100 };
  return suite;
}

test('an inline architecture too large for the machine is refused at validate with the figure and the limit', () => {
  const message = problem(tinySuite({ ...huge, maxPositions: 512 }));
  assert.match(message, /\/models\/0\/arch/);
  assert.match(message, /model "tiny" needs at least [\d,.]+ GiB to train \([\d,.]+ GiB of float32 weights and [\d,.]+ GiB of activations for one sequence of 64 tokens\), more than this machine's [\d,.]+ GiB of memory/);
  // The default tiny model fits.
  assert.doesNotThrow(() => load(tinySuite(undefined)));
});

test('the memory bound: weights from the parameter model plus one sequence of activations, against the limit given', () => {
  const arch = { ...TINY_DEFAULTS.bert, ...huge } as ArchConfig;
  const need = archMemory(arch, 64);
  assert.ok(need.weightBytes > 4 * 12 * 65536 ** 2 * 4096, 'at least the blocks’ float32 weights');
  assert.ok(need.activationBytes >= 4 * 4096 * 64 * (4 * 65536), 'one sequence through every layer');
  const suite = tinySuite(undefined);
  const small = { ...TINY_DEFAULTS.bert } as ArchConfig;
  const fits = archMemory(small, 64).totalBytes;
  assert.deepEqual(checkSuiteSemantics(suite, new Map([['tiny', small]]), fits), []);
  const issues = checkSuiteSemantics(suite, new Map([['tiny', small]]), fits - 1);
  assert.equal(issues.length, 1);
  assert.equal(issues[0]!.pointer, '/models/0/source');
});

function gridSuite(points: number): Suite {
  const suite = baseSuite();
  suite.tuning.strategy = 'grid';
  suite.methods = [{ id: 'lora', kind: 'lora', search: {
    rank: 8, alpha: 16, targets: 'query,value',
    lr: { min: 1e-5, max: 1e-2, scale: 'log', gridPoints: points },
    weightDecay: { min: 0, max: 0.1, gridPoints: points },
    warmupRatio: { min: 0, max: 0.2, gridPoints: points },
  } } as Suite['methods'][number]];
  suite.budget.compute = { rule: 'steps', amount: 10 } as Suite['budget']['compute'];
  return suite;
}

test('three ranges of 1e9 grid points are refused at once, without building the grid', () => {
  const started = process.hrtime.bigint();
  assert.equal(gridSize(gridSuite(1e9).methods[0]!.search!), 1e27);
  assert.match(problem(gridSuite(1e9)), /method "lora" has 1e\+27 grid points but every method gets 2 trials/);
  // The planner bounds it too, before building (a suite object that skipped validation).
  const suite = gridSuite(1e9);
  const arch = parseSuiteText(JSON.stringify(baseSuite()), 'base.json').archs.get('roberta')!;
  assert.throws(() => trialConfigs(suite, suite.methods[0]!, 'roberta', arch, undefined), /method "lora" has 1e\+27 grid points but every method gets 2 trials/);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  assert.ok(ms < 5000, `${ms} ms`);
});

test('a grid within the trials is still planned in full', () => {
  const suite = gridSuite(1);
  const arch = parseSuiteText(JSON.stringify(baseSuite()), 'base.json').archs.get('roberta')!;
  assert.equal(trialConfigs(suite, suite.methods[0]!, 'roberta', arch, undefined).length, 2);
  assert.equal(gridSize({ rank: { min: 1, max: 4, gridPoints: 1_000_000 } }), 4, 'an integer range counts at most its integers');
});
