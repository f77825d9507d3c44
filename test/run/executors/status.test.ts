/**
 * `reftbench status` without a cluster: a folder the local executor filled shows done and failed per
 * phase, and pending runs counted from the suite's plan (or says it could not count them); runs a
 * Slurm submission lists without a result are pending, or running while claimed by a job that squeue
 * cannot say is gone; a folder that is not one (a file, a report, the suites) is one message and exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/cli.ts';
import { fixtures, repo, reftbench, tempDir, tinySuite } from '../helpers.ts';

const fixture = join(repo, 'test', 'fixtures', 'results', 'fixture-mini');

test('status of a local results folder whose suite file is not found: done and failed per phase, and it says pending was not counted', async () => {
  const outcome = await reftbench(['status', fixture], tempDir('status-cache'));
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  assert.deepEqual(outcome.out.slice(0, 3), [`${fixture} (suite fixture-mini)`, 'trials: 23 done, 0 running, pending not counted, 1 failed', 'finals: 24 done, 0 running, pending not counted, 0 failed']);
  assert.match(outcome.out[3]!, /^pending runs not counted: no suite file of suite "fixture-mini" found \(looked at .*suites\/fixture-mini\.json\)\. Pass it with --suite <file>\.$/);
});

test('a local run stopped early: the runs it did not reach are pending, counted from the suite found beside the results or given with --suite', { timeout: 120_000 }, async () => {
  const cache = tempDir('status-cache');
  const work = tempDir('status-stopped');
  const results = join(work, 'results', 'run-tiny');
  const ran = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results], cache);
  assert.equal(ran.code, 0, ran.err.join('\n'));
  // as if stopped after 2 of its 4 trials: no trial1, no selection, no finals
  for (const name of readdirSync(results)) if (/\.(trial1|seed\d)\.|^_selection/.test(name)) rmSync(join(results, name));
  const expected = [`${results} (suite run-tiny)`, 'trials: 2 done, 0 running, 2 pending, 0 failed', 'finals: 0 done, 0 running, 4 pending, 0 failed'];
  const given = await reftbench(['status', results, '--suite', tinySuite], cache);
  assert.equal(given.code, 0, given.err.join('\n'));
  assert.deepEqual(given.out, expected);
  // found as suites/<suite name>.json in the working directory
  mkdirSync(join(work, 'suites'));
  cpSync(tinySuite, join(work, 'suites', 'run-tiny.json'));
  const out: string[] = [];
  const code = await main(['status', 'results/run-tiny'], { out: (t) => out.push(t), err: (t) => out.push(t), cwd: work, env: { ...process.env, REFTBENCH_CACHE_DIR: cache } });
  assert.equal(code, 0, out.join('\n'));
  assert.deepEqual(out, [join(work, 'results', 'run-tiny') + ' (suite run-tiny)', ...expected.slice(1)]);
  // a local runner holding the folder is named: the runs it has in flight are among the pending
  writeFileSync(join(results, '.lock'), JSON.stringify({ pid: process.pid, host: hostname(), since: '2026-12-07T06:00:00.000Z' }));
  const held = await reftbench(['status', results, '--suite', tinySuite], cache);
  assert.deepEqual(held.out, [...expected, `a runner holds this folder (pid ${process.pid} on ${hostname()}, since 2026-12-07T06:00:00.000Z): the runs it has in progress are counted as pending.`]);
  rmSync(join(results, '.lock'));
  // an empty folder with --suite: every run is pending
  const empty = join(work, 'empty');
  mkdirSync(empty);
  const fresh = await reftbench(['status', empty, '--suite', tinySuite], cache);
  assert.deepEqual(fresh.out, [`${empty} (suite run-tiny)`, 'trials: 0 done, 0 running, 4 pending, 0 failed', 'finals: 0 done, 0 running, 4 pending, 0 failed']);
  // a suite file of another suite is a mistake: one message, exit 2
  const other = await reftbench(['status', results, '--suite', 'suites/quickstart.json'], cache);
  assert.equal(other.code, 2);
  assert.match(other.err.join('\n'), /--suite suites\/quickstart\.json is suite "quickstart", but .* holds runs of suite "run-tiny"/);
});

for (const [what, folder, says] of [
  ['a report folder', 'reports/glue-mini', /^reftbench status: reports\/glue-mini is a report folder \(it holds report\.json.*not a results folder\. .*`reftbench status results\/glue-mini`\.$/],
  ['the suites folder', 'suites', /^reftbench status: suites holds suite files \(.*\), not a results folder\. .*`reftbench status results\/<suite>`\.$/],
] as const) {
  test(`status of ${what} is one message and exit 2, not "none yet"`, async () => {
    const outcome = await reftbench(['status', folder], tempDir('status-cache'));
    assert.equal(outcome.code, 2, outcome.out.join('\n'));
    assert.deepEqual(outcome.out, []);
    assert.equal(outcome.err.length, 1);
    assert.match(outcome.err[0]!, says);
  });
}

test('runs a submission lists without a result are pending, or running while claimed and squeue cannot say the job is gone', async () => {
  const dir = join(tempDir('status-slurm'), 'results');
  cpSync(fixture, dir, { recursive: true });
  mkdirSync(join(dir, 'slurm', 'claims'), { recursive: true });
  const run = (runId: string) => ({ spec: { runId, phase: 'final' }, hyperparameters: {}, group: 'g' });
  writeFileSync(join(dir, 'slurm', 'finals-aaaaaaaaaaaa.runs.json'), JSON.stringify({ suite: 'fixture-mini', suiteHash: 'h', suiteFile: '/s.json', cwd: '/', backend: 'ort', phase: 'finals', hash: 'aaaaaaaaaaaa', runs: [run('x.y.z.seed9.1'), run('x.y.z.seed9.2')], jobId: '77', submittedAt: '2026-12-07T00:00:00Z' }));
  writeFileSync(join(dir, 'slurm', 'claims', 'x.y.z.seed9.1.claim'), JSON.stringify({ runId: 'x.y.z.seed9.1', host: 'n1', pid: 1, jobId: '78', task: '77_0', since: '2026-12-07T00:00:01Z' }));
  // no squeue here: a claimed run is not taken for gone on a guess, so it shows as running
  const outcome = await reftbench(['status', dir, '--json'], tempDir('status-cache'), { PATH: '/nonexistent' });
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  const status = JSON.parse(outcome.out[0]!) as { phases: { phase: string; done: number; pending: number; running: unknown[]; jobs: string[] }[] };
  const finals = status.phases.find((p) => p.phase === 'finals')!;
  assert.deepEqual([finals.done, finals.pending, finals.running, finals.jobs], [24, 1, [{ runId: 'x.y.z.seed9.1', task: '77_0' }], ['77']]);
});

test('status of something that is not a folder is one message and exit 2', async () => {
  const outcome = await reftbench(['status', join(fixture, 'nope')], tempDir('status-cache'));
  assert.equal(outcome.code, 2);
  assert.equal(outcome.err.length, 1);
  assert.match(outcome.err[0]!, /is not a folder: give the results folder a `reftbench run` wrote/);
});
