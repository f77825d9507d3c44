/** The planner: counts and % in the plan, seeded trials, compute rules, budgets, pending finals, run specs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import AjvModule from 'ajv';
import { buildPlan, trainExamples } from '../../src/plan/build-plan.ts';
import { formatPlan } from '../../src/plan/format-plan.ts';
import { planJson } from '../../src/plan/plan-json.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { isUserError } from '../../src/errors.ts';
import { baseSuite, load } from './suite-builder.ts';

const root = resolve(import.meta.dirname, '../..');
const Ajv = AjvModule.default ?? AjvModule;
const validateSpec = new Ajv({ allErrors: true, strict: false }).compile(
  JSON.parse(readFileSync(resolve(root, 'schemas/run-spec.schema.json'), 'utf8')) as object,
);

test('GLUE plan: LoReFT rank 1 on all 12 layers of RoBERTa-base is 18,444 trainable parameters (0.015%)', () => {
  const plan = buildPlan(loadSuite('suites/glue.json', root));
  const cola = plan.groups.find((g) => g.taskId === 'cola' && g.methodId === 'loreft')!;
  assert.equal(cola.trials[0]!.trainableParams, 18_444);
  assert.equal(cola.trials[0]!.percent.toFixed(3), '0.015');
  const text = formatPlan(plan);
  assert.match(text, /loreft\s+loreft\s+4\s+5\s+18,444\s+0\.015%/);
  // 8 tasks × 6 methods × (4 trials + 5 seeds).
  assert.equal(plan.totals.trialRuns, 8 * 6 * 4);
  assert.equal(plan.totals.finalRuns, 8 * 6 * 5);
});

test('every planned run spec validates against schemas/run-spec.schema.json', () => {
  for (const file of ['suites/glue.json', 'suites/quickstart.json']) {
    const plan = buildPlan(loadSuite(file, root));
    for (const g of plan.groups) {
      for (const t of g.trials) {
        assert.ok(validateSpec(t.spec), `${file} ${t.runId}: ${JSON.stringify(validateSpec.errors)}`);
        assert.equal(t.spec.runId, t.runId);
        assert.equal(t.spec.phase, 'trial');
        assert.equal(t.spec.data, undefined, 'data paths are the runner’s to fill in');
      }
    }
  }
});

test('the plan is deterministic, run ids are unique, and every method gets the same number of trials', () => {
  const a = buildPlan(loadSuite('suites/glue.json', root));
  const b = buildPlan(loadSuite('suites/glue.json', root));
  assert.deepEqual(a, b);
  const ids = a.groups.flatMap((g) => g.trials.map((t) => t.runId));
  assert.equal(new Set(ids).size, ids.length);
  assert.ok(a.groups.every((g) => g.trials.length === 4 && g.finals.length === 5));
  assert.ok(a.groups.every((g) => g.finals.every((f) => f.status === 'pending-selection')));
});

test('random trials are drawn inside the declared space, and a different tuning seed draws differently', () => {
  const s = baseSuite();
  s.tuning.trials = 6;
  const lrs = (seed: number) => {
    s.tuning.seed = seed;
    const plan = buildPlan(load(s));
    return plan.groups.filter((g) => g.methodId === 'loreft').flatMap((g) => g.trials.map((t) => t.spec.training.lr));
  };
  const first = lrs(0);
  assert.ok(first.every((lr) => lr >= 1e-4 && lr <= 1e-2));
  assert.notDeepEqual(first, lrs(1));
});

test('configurations over the parameter budget are never drawn', () => {
  const s = baseSuite();
  s.tuning.trials = 8;
  s.methods = [{ id: 'loreft', kind: 'loreft', search: { rank: [1, 512], positions: 'f1+l1' } }];
  s.budget = { params: { maxCount: 50_000 }, compute: { rule: 'steps', amount: 10 } };
  const plan = buildPlan(load(s));
  const ranks = plan.groups[0]!.trials.map((t) => t.spec.method.hparams.rank);
  assert.deepEqual(ranks, Array(8).fill(1));
});

test('a grid smaller than the trial budget is repeated in order, with a seed per trial', () => {
  const s = baseSuite();
  s.tuning = { strategy: 'grid', trials: 4, seed: 10, select: { split: 'dev' } };
  s.methods = [{ id: 'lora', kind: 'lora', search: { lr: [1e-4, 1e-3] } }];
  s.budget = { compute: { rule: 'steps', amount: 10 } };
  const trials = buildPlan(load(s)).groups[0]!.trials;
  assert.deepEqual(trials.map((t) => t.spec.training.lr), [1e-4, 1e-3, 1e-4, 1e-3]);
  assert.deepEqual(trials.map((t) => t.seed), [10, 11, 12, 13]);
});

test('compute rules: steps, epochs (after carving dev), tokens and seconds', () => {
  const s = baseSuite();
  s.methods = [{ id: 'lora', kind: 'lora' }];
  s.training = { batchSize: 16 };
  s.tasks[0]!.split.dev = { of: 'train', size: 490 };
  const stepsOf = (compute: typeof s.budget.compute) => {
    s.budget = { compute };
    return buildPlan(load(s)).groups[0]!.trials[0]!;
  };
  assert.equal(trainExamples(s.tasks[0]!), 2000);
  assert.equal(stepsOf({ rule: 'steps', amount: 123 }).steps, 123);
  assert.equal(stepsOf({ rule: 'epochs', amount: 3 }).steps, Math.ceil((3 * 2000) / 16));
  assert.equal(stepsOf({ rule: 'tokens', amount: 16 * 128 * 50 }).steps, 50);
  const seconds = stepsOf({ rule: 'seconds', amount: 60 });
  assert.equal(seconds.spec.training.secondsBudget, 60);
  assert.equal(seconds.steps, Math.floor((60 * 3.6e11) / seconds.flopsPerStep));
});

test('a seconds rule: the lr schedule follows the budget, and the plan shows no step or FLOPs figure it cannot know', () => {
  const s = baseSuite();
  s.methods = [{ id: 'lora', kind: 'lora' }];
  s.training = { batchSize: 16, warmupRatio: 0.1, schedule: 'linear' };
  s.budget = { compute: { rule: 'seconds', amount: 5 } };
  const plan = buildPlan(load(s));
  const trial = plan.groups[0]!.trials[0]!;
  assert.equal(trial.spec.training.lrClock, 'seconds');
  assert.ok(validateSpec(trial.spec), JSON.stringify(validateSpec.errors));
  const text = formatPlan(plan);
  assert.match(text, /lora\s+lora\s+\d+\s+\d+\s+[\d,]+\s+[\d.]+%\s+[\d.]+%\s+as many as fit in 5 s\s/);
  assert.doesNotMatch(text, /\d\.\d\de\d+/, 'nor FLOPs guessed from them');
  assert.match(text, /known only once it has run/);
  assert.match(text, /warmup and decay of its lr schedule follow the elapsed fraction of the budget/);
  assert.match(text, /all under a seconds rule/);
  // and so does `plan --json`: steps and FLOPs it cannot know are null, the spec's steps only a cap
  const json = planJson(plan);
  const group = json.groups[0]!;
  assert.ok('stepsAreCap' in group && group.stepsAreCap);
  assert.deepEqual(group.trials.map((t) => [t.steps, t.flops]), group.trials.map(() => [null, null]));
  assert.ok(group.trials.every((t) => t.spec.training.steps > 0), 'the run spec keeps its cap');
  assert.deepEqual(group.finals.map((f) => f.estimatedFlops), group.finals.map(() => null));
  assert.deepEqual([json.totals.trialFlops, json.totals.finalFlopsEstimate, json.totals.secondsRuns], [0, 0, plan.totals.trialRuns + plan.totals.finalRuns]);
  s.budget = { compute: { rule: 'steps', amount: 50 } };
  const steps = buildPlan(load(s));
  assert.equal(planJson(steps), steps, 'a plan without a seconds rule prints as it is');
  assert.equal(steps.groups[0]!.trials[0]!.spec.training.lrClock, undefined, 'other rules keep the step clock, and their run ids');
  assert.match(formatPlan(steps), /lora\s+lora(\s+\S+){5}\s+50\s/);
});

test('a match rule gives every method what the reference spends', () => {
  const s = baseSuite();
  s.tuning.trials = 1;
  s.training = { batchSize: 16 };
  s.methods = [
    { id: 'lora', kind: 'lora' },
    { id: 'full', kind: 'full' },
  ];
  s.budget = { compute: { rule: 'flops', match: { method: 'lora', rule: 'epochs', amount: 2 } } };
  const plan = buildPlan(load(s));
  const lora = plan.groups.find((g) => g.methodId === 'lora')!.trials[0]!;
  const full = plan.groups.find((g) => g.methodId === 'full')!.trials[0]!;
  assert.equal(lora.steps, Math.ceil((2 * 2490) / 16));
  assert.ok(Math.abs(full.flops - lora.flops) <= full.flopsPerStep);
  assert.ok(full.steps < lora.steps);
});

test('paper % excludes the head; peft % counts head and added parameters', () => {
  const plan = buildPlan(load(baseSuite()));
  const lora = plan.groups.find((g) => g.methodId === 'lora')!;
  const t = lora.trials[0]!;
  assert.equal(t.trainableParams, 12 * 2 * 8 * 1536);
  assert.equal(t.percent, (100 * t.trainableParams) / lora.baseParams);
  assert.equal(t.peftPercent, (100 * (t.trainableParams + lora.headParams)) / (lora.baseParams + t.trainableParams + lora.headParams));
  assert.equal(t.spec.accounting?.headParams, 768 * 768 + 768 + 768 * 2 + 2);
});

test('a suite expanding past the run limit is refused with a message', () => {
  try {
    buildPlan(load(baseSuite()), { maxRuns: 5 });
    assert.fail('expected a UserError');
  } catch (error) {
    assert.ok(isUserError(error));
    assert.match(error.message, /expands to 12 runs, above the planner's limit of 5/);
  }
});

test('`plan --json` prints the plan as JSON; `bench` on a bad suite exits 2 and writes nothing', async () => {
  const { main } = await import('../../src/cli.ts');
  const { mkdtempSync, readdirSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  let out = '';
  let err = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (err += t), cwd: root, env: {} };
  assert.equal(await main(['plan', 'suites/quickstart.json', '--json'], io), 0);
  const plan = JSON.parse(out) as { totals: { trialRuns: number; finalRuns: number } };
  assert.deepEqual([plan.totals.trialRuns, plan.totals.finalRuns], [6, 6]);
  const cwd = mkdtempSync(resolve(tmpdir(), 'reftbench-bench-'));
  try {
    err = '';
    const bad = resolve(root, 'test/fixtures/suites/bad/unknown-kind.json');
    assert.equal(await main(['bench', bad], { ...io, cwd }), 2);
    assert.match(err, /unknown method kind "lorra"/);
    assert.deepEqual(readdirSync(cwd), []);
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
});

test('run ids are the content hash of the whole spec; a final run gets its own id from the selected trial', async () => {
  const { runIdOf, versionsOf } = await import('../../src/plan/run-id.ts');
  const { finalSpecFor } = await import('../../src/plan/final-spec.ts');
  const plan = buildPlan(loadSuite('suites/quickstart.json', root));
  const trial = plan.groups[0]!.trials[1]!.spec;
  assert.equal(runIdOf(trial), trial.runId);
  const reordered = { ...trial, model: Object.fromEntries(Object.entries(trial.model).reverse()) as typeof trial.model };
  assert.equal(runIdOf(reordered), trial.runId, 'key order does not matter');
  assert.notEqual(runIdOf(trial, { ...versionsOf(trial), method: 'loreft@99' }), trial.runId, 'a new method version is a new run');
  const final = finalSpecFor(trial, 2);
  assert.deepEqual([final.phase, final.seed, final.training.steps], ['final', 2, trial.training.steps]);
  assert.notEqual(final.runId, trial.runId);
  assert.ok(validateSpec(final));
});

test('training.dropout is copied into every run spec (trials and finals), and is absent from specs when the suite leaves it out', async () => {
  const { finalSpecFor } = await import('../../src/plan/final-spec.ts');
  const without = buildPlan(load(baseSuite()));
  const suite = baseSuite();
  suite.training = { ...suite.training, dropout: { hidden: 0.1, head: 0.2 } };
  const withDropout = buildPlan(load(suite));
  const specs = (plan: typeof without) => plan.groups.flatMap((g) => g.trials.map((t) => t.spec));
  assert.ok(specs(without).every((s) => s.dropout === undefined), 'no dropout field, so existing run ids stay');
  for (const spec of specs(withDropout)) {
    assert.deepEqual(spec.dropout, { hidden: 0.1, head: 0.2 });
    assert.ok(validateSpec(spec));
    assert.deepEqual(finalSpecFor(spec, 1).dropout, { hidden: 0.1, head: 0.2 });
  }
  const ids = new Set(specs(without).map((s) => s.runId));
  assert.ok(specs(withDropout).every((s) => !ids.has(s.runId)), 'dropout is part of the run id');
});
