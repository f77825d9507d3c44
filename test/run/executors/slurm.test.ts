/**
 * The Slurm executor against a real Slurm (one node, 2 CPUs, started by the harness when `sbatch`
 * exists; skipped with the reason otherwise): the quickstart through `--executor slurm` gives the
 * local run's report byte for byte (once the figures each machine measures — wall time, peak
 * memory — and the checkout's commit at the time are set equal in both folders); a task scancel'led mid-run is recorded failed with
 * Slurm's reason, a second submitter on the folder is refused meanwhile, and --retry-failed
 * completes the suite; --detach submits and exits, and status shows the phases until the follow-up
 * jobs have finished them; a claim left by a job that is gone is taken over, one held by a live job
 * is left alone; Ctrl-C on a following command cancels its arrays and exits 130.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, readResults, reftbench, repo, suiteVariant, tempDir } from '../helpers.ts';
import { slurmCommand, startSlurm, type SlurmHarness } from './slurm-harness.ts';

let slurm: SlurmHarness = { skip: 'not started', env: {}, stop: () => undefined };
before(() => {
  slurm = startSlurm();
});
after(() => slurm.stop());

const cache = tempDir('slurm-cache');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The figures a machine measures, set equal, so two folders of the same runs give the same report. */
function sameMeasurements(dir: string): void {
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('_'))) {
    const file = join(dir, name);
    const result = JSON.parse(readFileSync(file, 'utf8'));
    result.compute.wallSeconds = 1;
    result.compute.peakMemoryBytes = 1e8;
    // the checkout's commit when the run started: other commits may land while the suite runs
    result.versions.harnessCommit = '0000000';
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  }
}

function filesOf(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesOf(dir, join(prefix, e.name)) : [join(prefix, e.name)])).sort();
}

test('the quickstart through --executor slurm gives the local run\'s report, byte for byte', { timeout: 600_000 }, async (t) => {
  if (slurm.skip !== undefined) return t.skip(slurm.skip);
  const work = tempDir('slurm-quickstart');
  const suite = join(repo, 'suites', 'quickstart.json');
  const local = await reftbench(['run', suite, '--results', join(work, 'local')], cache);
  assert.equal(local.code, 0, local.err.join('\n'));
  const onSlurm = await reftbench(['run', suite, '--results', join(work, 'slurm'), '--executor', 'slurm'], cache, slurm.env);
  assert.equal(onSlurm.code, 0, onSlurm.err.join('\n'));
  assert.match(onSlurm.err.join('\n'), /trials: submitted job array \d+ \(6 runs\); job script .*slurm\/trials-[0-9a-f]{12}\.sbatch/);
  const script = readdirSync(join(work, 'slurm', 'slurm')).find((n) => n.startsWith('trials-') && n.endsWith('.sbatch'))!;
  const text = readFileSync(join(work, 'slurm', 'slurm', script), 'utf8');
  assert.match(text, /#SBATCH --array=0-5\n/);
  assert.match(text, new RegExp(`run-one '${join(work, 'slurm')}' "\\$\\{runs\\[\\$SLURM_ARRAY_TASK_ID\\]\\}"`));
  assert.match(text, new RegExp(`export REFTBENCH_CACHE_DIR='${cache}'`));
  for (const dir of ['local', 'slurm']) {
    sameMeasurements(join(work, dir));
    const report = await reftbench(['report', join(work, dir), '--out', join(work, `report-${dir}`)], cache);
    assert.equal(report.code, 0, report.err.join('\n'));
  }
  const a = filesOf(join(work, 'report-local'));
  assert.deepEqual(filesOf(join(work, 'report-slurm')), a);
  for (const f of a) assert.ok(readFileSync(join(work, 'report-local', f)).equals(readFileSync(join(work, 'report-slurm', f))), `${f} differs`);
});

/** The tiny runner suite with longer runs, so a task can be cancelled while it trains. */
function slowSuite(dir: string, steps: number): string {
  return suiteVariant(dir, (s) => {
    s.budget = { ...s.budget, compute: { rule: 'steps', amount: steps } };
  });
}

test('a task scancel\'led mid-run is recorded failed with Slurm\'s reason; a second submitter is refused; --retry-failed completes the suite', { timeout: 600_000 }, async (t) => {
  if (slurm.skip !== undefined) return t.skip(slurm.skip);
  const dir = tempDir('slurm-cancel');
  const suite = slowSuite(dir, 400);
  const results = join(dir, 'results');
  const args = ['run', suite, '--data-dir', fixtures, '--results', results, '--executor', 'slurm', '--max-parallel', '1'];
  const first = reftbench(args, cache, slurm.env);
  // the first claim is made by a running task: cancel that task
  const claims = join(results, 'slurm', 'claims');
  let task: string | undefined;
  for (let i = 0; i < 600 && task === undefined; i++) {
    await sleep(100);
    const names = existsSync(claims) ? readdirSync(claims).filter((n) => n.endsWith('.claim')) : [];
    if (names.length > 0) task = (JSON.parse(readFileSync(join(claims, names[0]!), 'utf8')) as { task: string }).task;
  }
  assert.ok(task !== undefined, 'a task claimed a run');
  const second = await reftbench(args, cache, slurm.env);
  assert.equal(second.code, 2, 'a second submitter on the same folder is refused');
  slurmCommand(slurm.env, 'scancel', [task]);
  const outcome = await first;
  assert.equal(outcome.code, 1, outcome.err.join('\n'));
  const failed = [...readResults(results).values()].filter((r) => r.status !== 'ok');
  assert.equal(failed.length, 1);
  assert.match(failed[0]!.failure!.reason, new RegExp(`Slurm task ${task} ended without a result: CANCELLED`));
  const retry = await reftbench([...args, '--retry-failed'], cache, slurm.env);
  assert.equal(retry.code, 0, retry.err.join('\n'));
  const all = [...readResults(results).values()];
  assert.ok(all.length >= 8, 'every trial, and the finals of what was selected (a changed selection adds finals)');
  assert.ok(all.every((r) => r.status === 'ok'));
  const selection = JSON.parse(readFileSync(join(results, '_selection.json'), 'utf8')) as { selections: { selected: { runId: string } }[] };
  for (const s of selection.selections) assert.equal(readResults(results).get(s.selected.runId)?.status, 'ok');
});

test('--detach submits and exits; status shows the phases until the follow-up jobs have run the suite', { timeout: 600_000 }, async (t) => {
  if (slurm.skip !== undefined) return t.skip(slurm.skip);
  const dir = tempDir('slurm-detach');
  const results = join(dir, 'results');
  const started = performance.now();
  const outcome = await reftbench(['run', slowSuite(dir, 3), '--data-dir', fixtures, '--results', results, '--executor', 'slurm', '--detach'], cache, slurm.env);
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  assert.ok(performance.now() - started < 60_000);
  assert.match(outcome.err.join('\n'), /carries the suite on .*`reftbench status /);
  const status = await reftbench(['status', results], cache, slurm.env);
  assert.equal(status.code, 0, status.err.join('\n'));
  assert.match(status.out.join('\n'), /^trials: \d+ done, \d+ running.*, \d+ pending, 0 failed; Slurm job \d+$/m);
  // the finals are not submitted yet, but the plan (the submission's suite file) counts them pending
  assert.match(status.out.join('\n'), /^finals: 0 done, 0 running, 4 pending, 0 failed$/m);
  let last = '';
  for (let i = 0; i < 240; i++) {
    await sleep(500);
    last = (await reftbench(['status', results], cache, slurm.env)).out.join('\n');
    if (/^finals: 4 done, 0 running, 0 pending, 0 failed/m.test(last) && /^trials: 4 done/m.test(last)) break;
  }
  assert.match(last, /^trials: 4 done, 0 running, 0 pending, 0 failed; Slurm job \d+$/m);
  assert.match(last, /^finals: 4 done, 0 running, 0 pending, 0 failed; Slurm job \d+$/m);
  // every follow-up job has ended (the last one found nothing left to do)
  for (let i = 0; i < 120; i++) {
    if (slurmCommand(slurm.env, 'squeue', ['-h', '-n', 'reftbench-follow']).trim() === '') break;
    await sleep(500);
  }
  assert.equal(slurmCommand(slurm.env, 'squeue', ['-h', '-n', 'reftbench-follow']).trim(), '');
});

test('a claim left by a job that is gone is taken over; one held by a live job is left alone', { timeout: 600_000 }, async (t) => {
  if (slurm.skip !== undefined) return t.skip(slurm.skip);
  const dir = tempDir('slurm-claims');
  const results = join(dir, 'results');
  const run = await reftbench(['run', slowSuite(dir, 3), '--data-dir', fixtures, '--results', results, '--executor', 'slurm'], cache, slurm.env);
  assert.equal(run.code, 0, run.err.join('\n'));
  const manifest = readdirSync(join(results, 'slurm')).find((n) => n.startsWith('trials-') && n.endsWith('.runs.json'))!;
  const runId = (JSON.parse(readFileSync(join(results, 'slurm', manifest), 'utf8')) as { runs: { spec: { runId: string } }[] }).runs[0]!.spec.runId;
  const resultPath = join(results, `${runId}.json`);
  const before = readFileSync(resultPath, 'utf8');
  const claims = join(results, 'slurm', 'claims');
  mkdirSync(claims, { recursive: true });
  const claimPath = join(claims, `${runId}.claim`);
  // held by a live job (a sleeping one we submit): run-one leaves the run alone
  const live = slurmCommand(slurm.env, 'sbatch', ['--parsable', '--wrap', 'sleep 60', '-o', '/dev/null']).trim();
  try {
    writeFileSync(claimPath, JSON.stringify({ runId, host: 'elsewhere', pid: 1, jobId: live, task: `${live}_0`, since: new Date().toISOString() }));
    const { rmSync } = await import('node:fs');
    rmSync(resultPath);
    const held = await reftbench(['run-one', results, runId], cache, { ...slurm.env, SLURM_JOB_ID: '424242', SLURM_ARRAY_JOB_ID: '424240', SLURM_ARRAY_TASK_ID: '2' });
    assert.equal(held.code, 0, held.err.join('\n'));
    assert.match(held.err.join('\n'), new RegExp(`claimed by Slurm task ${live}_0 \\(job ${live}\\) on elsewhere, which is still alive`));
    assert.equal(existsSync(resultPath), false);
  } finally {
    slurmCommand(slurm.env, 'scancel', [live]);
  }
  // held by a job that is gone: taken over, the run trained and recorded, the claim released
  for (let i = 0; i < 40 && slurmCommand(slurm.env, 'squeue', ['-h', '-j', live, '-o', '%T']).trim().match(/RUNNING|PENDING|COMPLETING/); i++) await sleep(250);
  const taken = await reftbench(['run-one', results, runId], cache, { ...slurm.env, SLURM_JOB_ID: '424242', SLURM_ARRAY_JOB_ID: '424240', SLURM_ARRAY_TASK_ID: '2' });
  assert.equal(taken.code, 0, taken.err.join('\n'));
  assert.match(taken.err.join('\n'), new RegExp(`took over the claim of Slurm task ${live}_0 \\(job ${live}\\) on elsewhere, whose job is gone`));
  const after = JSON.parse(readFileSync(resultPath, 'utf8'));
  assert.equal(after.status, 'ok');
  assert.deepEqual(after.metrics, JSON.parse(before).metrics, 'the same run gives the same metrics');
  assert.equal(existsSync(claimPath), false, 'the claim is released once the result is written');
});

test('Ctrl-C on a following command cancels the arrays it submitted and exits 130', { timeout: 600_000 }, async (t) => {
  if (slurm.skip !== undefined) return t.skip(slurm.skip);
  const dir = tempDir('slurm-sigint');
  const results = join(dir, 'results');
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [join(repo, 'bin', 'reftbench.mjs'), 'run', slowSuite(dir, 400), '--data-dir', fixtures, '--results', results, '--executor', 'slurm', '--max-parallel', '1'], {
    env: { ...process.env, ...slurm.env, REFTBENCH_CACHE_DIR: cache, HF_HUB_OFFLINE: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  const submitted = new Promise<string>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      err += chunk.toString();
      const m = /submitted job array (\d+)/.exec(err);
      if (m !== null) resolve(m[1]!);
    });
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const job = await submitted;
  child.kill('SIGINT');
  assert.equal(await exited, 130, err);
  assert.match(err, new RegExp(`scancel ${job}\\b`));
  let left = '';
  for (let i = 0; i < 40; i++) {
    left = slurmCommand(slurm.env, 'squeue', ['-h', '-j', job, '-o', '%i %T']).split('\n').filter((l) => /PENDING|RUNNING|COMPLETING/.test(l)).join('\n');
    if (left === '') break;
    await sleep(250);
  }
  assert.equal(left, '', 'no task of the array is left queued or running');
  assert.equal(existsSync(join(results, '.lock')), false, 'the lock is released');
});
