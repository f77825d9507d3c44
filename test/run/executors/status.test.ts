/**
 * `reftbench status` without a cluster: a folder the local executor filled shows done and failed per
 * phase; runs a Slurm submission lists without a result are pending, or running while claimed by a
 * job that squeue cannot say is gone; a folder that is not one is one message and exit 2.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo, reftbench, tempDir } from '../helpers.ts';

const fixture = join(repo, 'test', 'fixtures', 'results', 'fixture-mini');

test('status of a local results folder: done and failed per phase', async () => {
  const outcome = await reftbench(['status', fixture], tempDir('status-cache'));
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  assert.deepEqual(outcome.out, [`${fixture} (suite fixture-mini)`, 'trials: 23 done, 0 running, 0 pending, 1 failed', 'finals: 24 done, 0 running, 0 pending, 0 failed']);
});

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
