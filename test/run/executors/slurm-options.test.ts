/**
 * The Slurm executor's command line and job script, without a cluster: options are checked before
 * anything is submitted (one message, exit 2), Slurm-only options need --executor slurm, and the job
 * script holds the array (with its %N throttle), the #SBATCH lines asked for, and absolute paths to
 * this checkout, its node and the cache.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunArgs } from '../../../src/commands/run.ts';
import { isUserError } from '../../../src/errors.ts';
import { jobScript, type PhaseManifest } from '../../../src/run/executors/slurm/phase-files.ts';
import type { PlannedRun } from '../../../src/run/trial-specs.ts';

const userError = (pattern: RegExp) => (e: unknown) => isUserError(e) && pattern.test(e.message);

test('run --executor slurm reads its options; repeated --sbatch-arg are all kept', () => {
  const options = parseRunArgs(['s.json', '--executor', 'slurm', '--partition', 'gpu', '--gres=gpu:1', '--time', '02:00:00', '--account', 'proj', '--sbatch-arg=--mem=8G', '--sbatch-arg=--cpus-per-task=4', '--max-parallel', '3', '--detach']);
  assert.equal(options.executor, 'slurm');
  assert.equal(options.detach, true);
  assert.deepEqual(options.slurm, { sbatchArgs: ['--mem=8G', '--cpus-per-task=4'], partition: 'gpu', gres: 'gpu:1', time: '02:00:00', account: 'proj', maxParallel: 3 });
});

test('Slurm options are checked before anything is submitted, and need --executor slurm', () => {
  assert.throws(() => parseRunArgs(['s.json', '--executor', 'pbs']), userError(/--executor "pbs" is not an executor: use local \(the default\) or slurm/));
  assert.throws(() => parseRunArgs(['s.json', '--executor', 'local', '--partition', 'gpu']), userError(/--partition is an option of --executor slurm/));
  // Without --executor the suite's executor block may choose Slurm: test/run/executors/executor-choice.test.ts.
  assert.throws(() => parseRunArgs(['s.json', '--executor', 'slurm', '--time', '2h']), userError(/--time "2h" is invalid: expected HH:MM:SS/));
  assert.throws(() => parseRunArgs(['s.json', '--executor', 'slurm', '--max-parallel', '0']), userError(/--max-parallel "0" is invalid/));
  assert.throws(() => parseRunArgs(['s.json', '--executor', 'slurm', '--jobs', '2']), userError(/--jobs is an option of the local executor/));
  assert.throws(() => parseRunArgs(['s.json', '--executor', 'slurm', '--sbatch-arg', 'mem=8G']), userError(/--sbatch-arg "mem=8G" is invalid: expected one sbatch option/));
});

test('the job script: one array task per run, the %N throttle, #SBATCH lines, absolute paths', () => {
  const run = (id: string) => ({ spec: { runId: id } }) as unknown as PlannedRun;
  const manifest: PhaseManifest = { suite: 'glue', suiteHash: 'h', suiteFile: '/w/suites/glue.json', cwd: '/w', backend: 'torch', phase: 'trials', hash: 'abc123abc123', runs: [run('a.b.c.trial0.1'), run('a.b.c.trial1.2'), run("it's")] };
  const text = jobScript({ manifest, resultsDir: '/shared/results/glue', settings: { sbatchArgs: ['--mem=8G'], partition: 'gpu', gres: 'gpu:1', maxParallel: 2 }, cacheDir: '/shared/cache', env: { HF_HUB_OFFLINE: '1' }, node: '/opt/node/bin/node', root: '/w' });
  assert.match(text, /^#SBATCH --array=0-2%2$/m);
  assert.match(text, /^#SBATCH --output=\/shared\/results\/glue\/slurm\/logs\/trials-abc123abc123-%A_%a\.out$/m);
  assert.match(text, /^#SBATCH --partition=gpu$/m);
  assert.match(text, /^#SBATCH --gres=gpu:1$/m);
  assert.match(text, /^#SBATCH --mem=8G$/m);
  assert.match(text, /^cd '\/w'$/m);
  assert.match(text, /^export REFTBENCH_CACHE_DIR='\/shared\/cache'$/m);
  assert.match(text, /^export HF_HUB_OFFLINE='1'$/m);
  assert.match(text, /^ {2}'it'\\''s'$/m, 'run ids are quoted for bash');
  assert.match(text, /^exec '\/opt\/node\/bin\/node' '\/w\/bin\/reftbench\.mjs' run-one '\/shared\/results\/glue' "\$\{runs\[\$SLURM_ARRAY_TASK_ID\]\}"$/m);
});
