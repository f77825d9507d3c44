/**
 * Every suite shipped in suites/ validates and plans through the functions the CLI uses
 * (`loadSuite` → `buildPlan`, as `reftbench validate` / `reftbench plan` call them), and the
 * properties each suite promises in its description hold in the plan: equal trials for every method,
 * the seeds, the compute rule, selection on dev, and GLUE's official dev set as test. glue-mini-ci
 * must stay a slice of glue-mini (same model, methods, training and compute rule), or its CI check
 * would no longer say anything about glue-mini. A suite broken the way users break them (selecting
 * on test, a misspelt method kind) is one UserError naming the file and the place in it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isUserError } from '../../src/errors.ts';
import { extractAnswer } from '../../src/metrics/exact-match.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import { computeLevels, computeRuleOf } from '../../src/plan/compute-levels.ts';
import { loadSuite, parseSuiteText, type LoadedSuite, type LocalArchReader } from '../../src/suite/load-suite.ts';
import type { ArchConfig } from '../../src/models/arch.ts';
import { archPreset, isArchPresetName } from '../../src/models/presets.ts';
import { readHfArch } from '../../src/models/hf-dir.ts';
import type { Suite } from '../../src/types/suite.ts';

const repo = resolve(import.meta.dirname, '../..');
const suitesDir = join(repo, 'suites');
const suiteFiles = readdirSync(suitesDir).filter((f) => f.endsWith('.json')).sort();

/** A pilot suite (named <suite>-pilot or <suite>-pilot-<part>) sizes another suite and carves its test set from train. */
function isPilot(suite: Suite): boolean {
  return /-pilot(-|$)/.test(suite.name);
}

function readSuiteJson(file: string): Suite {
  return JSON.parse(readFileSync(join(suitesDir, file), 'utf8')) as Suite;
}

/**
 * Reads a local model directory's config.json as the CLI does. A suite's local model is set up by a
 * script (scripts/setup-minilm.sh) that a bare checkout has not run; then the model's declared preset
 * stands in, so the suite is still validated and planned everywhere.
 */
function localArchReader(suite: Suite): LocalArchReader {
  return (dir: string): ArchConfig => {
    if (existsSync(join(dir, 'config.json'))) return readHfArch(dir);
    const model = suite.models.find((m) => resolve(suitesDir, m.source) === dir);
    const preset = model?.preset;
    if (preset === undefined || !isArchPresetName(preset)) throw new Error(`no config.json in ${dir} and no preset to stand in`);
    return archPreset(preset);
  };
}

function load(file: string): LoadedSuite {
  return loadSuite(join('suites', file), repo, localArchReader(readSuiteJson(file)));
}

test('suites/ ships the suites users start from', () => {
  for (const name of ['quickstart', 'glue-mini', 'glue-mini-ci', 'glue', 'glue-matched', 'commonsense', 'math']) {
    assert.ok(suiteFiles.includes(`${name}.json`), `suites/${name}.json is missing`);
  }
});

for (const file of suiteFiles) {
  test(`suites/${file} validates and plans, every method with the same trials and seeds`, () => {
    const loaded = load(file);
    assert.equal(`${loaded.suite.name}.json`, file, 'a suite file is named after its suite');
    assert.equal(loaded.suite.$schema, '../schemas/suite.schema.json');
    const plan: Plan = buildPlan(loaded);
    const { suite } = loaded;
    // A compute ladder repeats the protocol once per budget level of a task.
    const levels = suite.tasks.reduce((n, t) => n + computeLevels(computeRuleOf(suite, t)).length, 0);
    const cells = suite.models.length * levels * suite.methods.length;
    assert.equal(plan.groups.length, cells, 'one plan group per model × task × method × budget level');
    for (const group of plan.groups) {
      assert.equal(group.trials.length, suite.tuning.trials, `${group.methodId} on ${group.taskId}: trials`);
      assert.deepEqual(group.finals.map((f) => f.seed), suite.seeds, `${group.methodId} on ${group.taskId}: seeds`);
      for (const trial of group.trials) {
        assert.ok(trial.steps >= 1, `${trial.runId} gets at least one step`);
        assert.ok(trial.flops > 0 && Number.isFinite(trial.flops));
      }
    }
    assert.equal(plan.totals.trialRuns, cells * suite.tuning.trials);
    assert.equal(plan.totals.finalRuns, cells * suite.seeds.length);
    assert.equal(suite.tuning.select.split, 'dev');
  });
}

test('every GLUE suite scores on GLUE\'s official dev set (or the part dev does not take) and never on a carved sample', () => {
  for (const file of suiteFiles) {
    const suite = readSuiteJson(file);
    for (const task of suite.tasks.filter((t) => t.source.startsWith('glue/'))) {
      if (isPilot(suite)) {
        // A pilot chooses another suite's budget, so it must not read the data that suite scores on.
        assert.deepEqual([task.split.dev.of, task.split.test.of], ['train', 'train'], `${file} ${task.id}: a pilot never reads GLUE's dev set`);
        continue;
      }
      assert.equal(task.split.test.of, 'validation', `${file} ${task.id}: test is GLUE's official dev set`);
      assert.equal(task.split.test.size, undefined, `${file} ${task.id}: test is not subsampled`);
      assert.equal(task.split.test.fraction, undefined, `${file} ${task.id}: test is not subsampled`);
      if (task.split.dev.of === 'validation') {
        // Small tasks in the paper's protocol: half of GLUE's dev selects, the other half is test.
        assert.ok(task.split.dev.fraction !== undefined, `${file} ${task.id}: a dev carved from validation is carved`);
      }
    }
  }
});

test('glue-mini under the FLOPs rule: ReFT never gets fewer steps than LoRA, full fine-tuning fewer', () => {
  const plan = buildPlan(load('glue-mini.json'));
  const stepsOf = (task: string, method: string): number => plan.groups.find((g) => g.taskId === task && g.methodId === method)!.trials[0]!.steps;
  for (const task of ['sst2', 'rte', 'mrpc', 'cola', 'stsb']) {
    assert.ok(stepsOf(task, 'loreft') >= stepsOf(task, 'lora'), task);
    assert.ok(stepsOf(task, 'full') < stepsOf(task, 'lora'), task);
  }
});

test('glue-mini-ci is a slice of glue-mini: same model, methods, training and compute rule', () => {
  const full = readSuiteJson('glue-mini.json');
  const ci = readSuiteJson('glue-mini-ci.json');
  assert.deepEqual(ci.models, full.models);
  assert.deepEqual(ci.methods, full.methods);
  assert.deepEqual(ci.training, full.training);
  assert.deepEqual(ci.budget, full.budget);
  assert.deepEqual(ci.backend, full.backend);
  for (const task of ci.tasks) assert.deepEqual(task, full.tasks.find((t) => t.id === task.id), `task ${task.id}`);
  assert.ok(ci.seeds.every((s) => full.seeds.includes(s)));
  assert.ok(ci.tuning.trials <= full.tuning.trials);
});

test('glue-matched gives every method the same trials and the same FLOPs', () => {
  const plan = buildPlan(load('glue-matched.json'));
  for (const task of new Set(plan.groups.map((g) => g.taskId))) {
    const flops = plan.groups.filter((g) => g.taskId === task).flatMap((g) => g.trials.map((t) => t.flops));
    const spread = (Math.max(...flops) - Math.min(...flops)) / Math.max(...flops);
    // Steps are whole numbers, so FLOPs match to within one step of the cheapest method.
    assert.ok(spread < 0.12, `${task}: FLOPs differ by ${(spread * 100).toFixed(1)}%`);
  }
});

function parseBroken(file: string, edit: (suite: Record<string, unknown>) => void): unknown {
  const suite = JSON.parse(readFileSync(join(suitesDir, file), 'utf8')) as Record<string, unknown>;
  edit(suite);
  try {
    parseSuiteText(JSON.stringify(suite, null, 2), `suites/${file}`, localArchReader(suite as unknown as Suite), suitesDir);
  } catch (error) {
    return error;
  }
  return undefined;
}

test('glue-mini made to select on test is refused with the file and the place in it', () => {
  const error = parseBroken('glue-mini.json', (s) => {
    (s.tuning as { select: { split: string } }).select.split = 'test';
  });
  assert.ok(isUserError(error), 'a UserError');
  assert.match((error as Error).message, /suites\/glue-mini\.json:\d+:\d+/);
  assert.match((error as Error).message, /\/tuning\/select\/split/);
});

test('glue-mini with a misspelt method kind is refused at that method', () => {
  const error = parseBroken('glue-mini.json', (s) => {
    (s.methods as { kind: string }[])[0]!.kind = 'loreftt';
  });
  assert.ok(isUserError(error), 'a UserError');
  assert.match((error as Error).message, /\/methods\/0\/kind/);
});

const minilmDir = join(repo, '.cache', 'models', 'all-MiniLM-L6-v2');
test('the all-MiniLM-L6-v2 preset glue-mini plans with is the set-up model\'s config.json', { skip: existsSync(join(minilmDir, 'config.json')) ? false : 'all-MiniLM-L6-v2 is not set up (scripts/setup-minilm.sh)' }, () => {
  const fromDir = readHfArch(minilmDir);
  const preset = archPreset('all-MiniLM-L6-v2');
  for (const key of Object.keys(preset) as (keyof ArchConfig)[]) assert.equal(fromDir[key], preset[key], `ArchConfig.${key}`);
});

test('math reads each benchmark\'s test answer in the form LLM-Adapters writes it: AQuA a letter, the others a number', () => {
  const written: Record<string, string> = { aqua: 'C', gsm8k: '18', mawps: '18.0', svamp: '18.0' };
  for (const task of readSuiteJson('math.json').tasks) {
    const answer = written[task.id];
    assert.ok(answer !== undefined && task.generation !== undefined, `math task ${task.id}`);
    assert.notEqual(extractAnswer(answer, task.generation), '', `${task.id}: its extraction rule finds no answer in a test answer like ${answer}`);
  }
});
