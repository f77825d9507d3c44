/**
 * The runner end to end on the tiny fixture suite (a generated tiny BERT, 3 steps per run):
 * phases and selection on dev only, validated results, resume, identical metrics on a rerun,
 * failures recorded while the suite goes on, --retry-failed, and the time limit.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { validateResult } from '../../src/report/schema-validators.ts';
import { runBenchPipeline } from '../../src/run/bench-pipeline.ts';
import { hasTorchEnv } from '../../src/backends/registry.ts';
import { events, fixtures, readResults, reftbench, suiteVariant, tempDir, tinySuite } from './helpers.ts';

const cache = tempDir('run-cache');
const work = tempDir('run-work');
const dataDir = fixtures;
const first = join(work, 'first');

test('trials are scored on dev, the best dev trial is selected, finals run it over the seeds on test', async () => {
  const outcome = await reftbench(['run', tinySuite, '--data-dir', dataDir, '--results', first, '--json'], cache);
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  const results = readResults(first);
  assert.equal(results.size, 8);
  for (const r of results.values()) {
    const checked = validateResult(r);
    assert.ok(checked.ok, checked.ok ? '' : checked.problems.join('; '));
    assert.equal(r.status, 'ok');
    assert.equal(r.compute.steps, 3);
    assert.ok(r.compute.tokens > 0 && r.compute.flops > 0);
    assert.equal(r.lossCurve.length, 3);
  }
  const trials = [...results.values()].filter((r) => r.spec.phase === 'trial');
  const finals = [...results.values()].filter((r) => r.spec.phase === 'final');
  assert.equal(trials.length, 4);
  for (const t of trials) {
    assert.ok(t.metrics.dev !== undefined && t.metrics.test === undefined, 'a trial has dev metrics and no test metrics');
    assert.equal(t.spec.data?.test, undefined, 'a trial is not given the test split');
  }
  const selection = JSON.parse(readFileSync(join(first, '_selection.json'), 'utf8')) as { selections: Array<{ group: string; selected: { trial: number; score: number }; scores: Array<{ score: number }> }> };
  for (const method of ['full', 'bitfit']) {
    const own = trials.filter((t) => t.spec.method.id === method).sort((a, b) => a.spec.trial - b.spec.trial);
    const best = own.reduce((a, b) => (b.metrics.dev!.accuracy! > a.metrics.dev!.accuracy! ? b : a));
    const ownFinals = finals.filter((f) => f.spec.method.id === method);
    assert.deepEqual(ownFinals.map((f) => f.spec.seed).sort(), [1, 2]);
    for (const f of ownFinals) {
      assert.equal(f.spec.trial, best.spec.trial);
      assert.deepEqual(f.hyperparameters, best.hyperparameters);
      assert.equal(f.spec.method.hparams.rank, best.spec.method.hparams.rank);
      assert.equal(f.spec.training.lr, best.spec.training.lr);
      assert.equal(typeof f.metrics.test?.accuracy, 'number');
      assert.ok(f.spec.data?.test !== undefined);
    }
    const recorded = selection.selections.find((s) => s.group === `tiny-bert/sst2/${method}`)!;
    assert.equal(recorded.selected.trial, best.spec.trial);
    assert.deepEqual(recorded.scores.map((s) => s.score), own.map((t) => t.metrics.dev!.accuracy));
  }
  const kinds = events(outcome).map((e) => e.type);
  assert.deepEqual([...new Set(kinds)].sort(), ['phase', 'run-end', 'run-start', 'selected', 'step', 'summary']);
});

test('a rerun skips every finished run and leaves the files untouched', async () => {
  const before = new Map([...readResults(first).keys()].map((id) => [id, statSync(join(first, `${id}.json`)).mtimeMs]));
  const outcome = await reftbench(['run', tinySuite, '--data-dir', dataDir, '--results', first, '--json'], cache);
  assert.equal(outcome.code, 0);
  const evs = events(outcome);
  assert.equal(evs.filter((e) => e.type === 'run-start').length, 0);
  assert.deepEqual(evs.filter((e) => e.type === 'phase').map((e) => [e.total, e.skipped]), [[4, 4], [4, 4]]);
  for (const [id, mtime] of before) assert.equal(statSync(join(first, `${id}.json`)).mtimeMs, mtime);
});

test('the bench pipeline reports after the runs (here all resumed), into the working folder', async () => {
  const cwd = tempDir('run-report');
  const err: string[] = [];
  const outcome = await runBenchPipeline(
    { suiteFile: tinySuite, resultsDir: first, dataDir, report: true },
    { out: () => undefined, err: (t) => err.push(t), cwd, env: { ...process.env, REFTBENCH_CACHE_DIR: cache } },
  );
  assert.equal(outcome.exitCode, 0, err.join('\n'));
  assert.equal(outcome.summary.skipped, 8);
  assert.equal(outcome.reportDir, join(cwd, 'reports', 'run-tiny'));
  assert.ok(existsSync(join(outcome.reportDir!, 'README.md')) && existsSync(join(outcome.reportDir!, 'report.json')));
});

test('the same suite and seeds give identical metrics and losses on a fresh rerun, with --jobs 2 too', async () => {
  const second = join(work, 'second');
  const outcome = await reftbench(['run', tinySuite, '--data-dir', dataDir, '--results', second, '--jobs', '2'], cache);
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  const a = readResults(first);
  const b = readResults(second);
  assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
  for (const [id, r] of a) {
    assert.deepEqual(b.get(id)!.metrics, r.metrics, id);
    assert.deepEqual(b.get(id)!.lossCurve, r.lossCurve, id);
  }
});

test('a diverging run is recorded with its reason, the suite goes on, the exit code says so; --retry-failed reruns only it', async () => {
  const dir = tempDir('run-diverge');
  const suite = suiteVariant(dir, (s) => {
    s.methods[0]!.search = { lr: [0.001, 1e35] };
    s.training = { ...s.training, maxGradNorm: 0 };
  });
  const results = join(dir, 'results');
  const outcome = await reftbench(['run', suite, '--data-dir', dataDir, '--results', results], cache);
  assert.equal(outcome.code, 1);
  const all = [...readResults(results).values()];
  assert.equal(all.length, 8, 'every run, failed or not, has a result');
  const bad = all.filter((r) => r.status !== 'ok');
  assert.equal(bad.length, 1);
  assert.equal(bad[0]!.status, 'diverged');
  assert.match(bad[0]!.failure!.reason, /NaN or infinite at step \d+/);
  assert.ok(bad[0]!.lossCurve.some((p) => p.loss === null));
  assert.ok(outcome.err.some((l) => l.includes('diverged')) && outcome.err.some((l) => l.includes('--retry-failed')));

  const plain = await reftbench(['run', suite, '--data-dir', dataDir, '--results', results, '--json'], cache);
  assert.equal(plain.code, 1, 'a recorded failure still fails the suite');
  assert.equal(events(plain).filter((e) => e.type === 'run-start').length, 0);
  const retry = await reftbench(['run', suite, '--data-dir', dataDir, '--results', results, '--retry-failed', '--json'], cache);
  assert.deepEqual(events(retry).filter((e) => e.type === 'run-start').map((e) => e.runId), [bad[0]!.runId]);
  assert.equal(retry.code, 1);
});

test('a run over its time limit is recorded as timed out', async () => {
  const dir = tempDir('run-timeout');
  const suite = suiteVariant(dir, (s) => {
    s.methods = [s.methods[1]!];
    s.budget.compute = { rule: 'steps', amount: 100000 };
  });
  const results = join(dir, 'results');
  const outcome = await reftbench(['run', suite, '--data-dir', dataDir, '--results', results, '--run-timeout', '0.5'], cache);
  assert.equal(outcome.code, 1);
  const all = [...readResults(results).values()];
  assert.equal(all.length, 2, 'both trials recorded; no final run without a selectable trial');
  for (const r of all) {
    assert.equal(r.status, 'timeout');
    assert.match(r.failure!.reason, /time limit of 0\.5 s/);
    assert.ok(r.compute.steps < 100000);
  }
  assert.ok(outcome.err.some((l) => l.includes('no configuration selected')));
});

test('a seconds rule stops each run at the first step boundary past its wall-clock budget', async () => {
  const dir = tempDir('run-seconds');
  const suite = suiteVariant(dir, (s) => {
    s.methods = [s.methods[1]!];
    s.tuning.trials = 1;
    s.methods[0]!.search = { lr: 0.003 };
    s.seeds = [1];
    s.budget.compute = { rule: 'seconds', amount: 1 };
  });
  const results = join(dir, 'results');
  const outcome = await reftbench(['run', suite, '--data-dir', dataDir, '--results', results], cache);
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  for (const r of readResults(results).values()) {
    assert.equal(r.spec.training.secondsBudget, 1);
    assert.ok(r.compute.steps >= 1 && r.compute.steps < r.spec.training.steps, `${r.compute.steps} steps`);
    assert.ok(r.compute.wallSeconds >= 1, `ran ${r.compute.wallSeconds} s`);
  }
});

test('nothing is written when the backend cannot be had', { skip: hasTorchEnv() ? 'this checkout has the torch environment' : false }, async () => {
  const dir = tempDir('run-unavailable');
  const results = join(dir, 'results');
  const outcome = await reftbench(['run', tinySuite, '--data-dir', dataDir, '--results', results, '--backend', 'torch'], cache);
  assert.equal(outcome.code, 2);
  assert.match(outcome.err.join('\n'), /torch backend is not available/);
  assert.ok(!existsSync(results));
});
