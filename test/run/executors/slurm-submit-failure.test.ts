/**
 * A submission sbatch refuses leaves nothing behind (no manifest, no job script, no slurm/ folder or
 * results folder it created), so `status` never counts runs of a job that was never submitted; and the message fits the
 * cause: a controller that does not answer, or no configuration, says how to check the cluster
 * (`scontrol ping`, `sinfo`, SLURM_CONF) instead of advising other Slurm options. Run with a fake
 * `sbatch` that answers as Slurm does, and against a real sbatch whose SLURM_CONF names a port
 * nothing listens on (skipped where sbatch is not installed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtures, reftbench, tempDir, tinySuite } from '../helpers.ts';

/** A folder holding an `sbatch` that prints `stderr` and exits 1 (but answers --version). */
function fakeSbatch(stderr: string): string {
  const dir = tempDir('fake-sbatch');
  writeFileSync(join(dir, 'sbatch'), `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "slurm 23.02.0"; exit 0; fi\necho '${stderr}' >&2\nexit 1\n`);
  chmodSync(join(dir, 'sbatch'), 0o755);
  return dir;
}

async function submit(env: NodeJS.ProcessEnv, prepare?: (results: string) => void) {
  const results = join(tempDir('slurm-refused'), 'results');
  prepare?.(results);
  const outcome = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results, '--executor', 'slurm'], tempDir('slurm-refused-cache'), env);
  return { results, outcome, message: outcome.err.filter((l) => l.includes('sbatch')).join('\n') };
}

test('a controller that does not answer: one message saying so and how to check it; no manifest or script is left', async () => {
  const bin = fakeSbatch('sbatch: error: Batch job submission failed: Unable to contact slurm controller (connect failure)');
  const { results, outcome, message } = await submit({ PATH: `${bin}:${process.env.PATH ?? ''}`, SLURM_CONF: '/etc/slurm/other.conf' });
  assert.equal(outcome.code, 2, outcome.err.join('\n'));
  assert.match(message, /the Slurm controller did not answer \(sbatch: error: Batch job submission failed: Unable to contact slurm controller \(connect failure\)\)/);
  assert.match(message, /`scontrol ping` should say UP and `sinfo` list the partitions; they read SLURM_CONF=\/etc\/slurm\/other\.conf/);
  assert.doesNotMatch(message, /Fix the Slurm options/);
  assert.equal(existsSync(results), false, 'the results folder this submission created is gone, slurm/ with it');
});

test('no configuration: says to point SLURM_CONF at the cluster\'s slurm.conf', async () => {
  const bin = fakeSbatch('sbatch: fatal: Unable to process configuration file');
  const { outcome, message } = await submit({ PATH: `${bin}:${process.env.PATH ?? ''}`, SLURM_CONF: '' });
  assert.equal(outcome.code, 2);
  assert.match(message, /found no usable Slurm configuration.*SLURM_CONF is unset: set it to your cluster's slurm\.conf/);
});

test('sbatch refusing the job\'s options still names the options; an earlier submission\'s files are kept', async () => {
  const bin = fakeSbatch('sbatch: error: invalid partition specified: gpu');
  const { results, outcome, message } = await submit({ PATH: `${bin}:${process.env.PATH ?? ''}` }, (dir) => {
    mkdirSync(join(dir, 'slurm'), { recursive: true });
    writeFileSync(join(dir, 'slurm', 'earlier.txt'), 'kept');
  });
  assert.equal(outcome.code, 2);
  assert.match(message, /sbatch refused .*invalid partition specified: gpu\. Fix the Slurm options/);
  assert.deepEqual(readdirSync(join(results, 'slurm')).filter((n) => n !== 'logs'), ['earlier.txt']);
  assert.equal(readFileSync(join(results, 'slurm', 'earlier.txt'), 'utf8'), 'kept');
  // and status does not count a submission that never happened
  const status = await reftbench(['status', results, '--json'], tempDir('slurm-refused-cache'), { PATH: bin });
  const phases = (JSON.parse(status.out[0]!) as { phases: { jobs: string[] }[] }).phases;
  assert.deepEqual(phases.map((p) => p.jobs), [[], []]);
});

const sbatchHere = spawnSync('sh', ['-c', 'command -v sbatch'], { encoding: 'utf8' }).status === 0;
// the one-node Slurm of scripts/slurm-up.sh (its folder), or SLURM_CONF
const realConf = process.env.SLURM_CONF ?? join(process.env.REFTBENCH_SLURM_DIR ?? join(tmpdir(), `reftbench-slurm-${process.getuid?.() ?? 0}`), 'slurm.conf');

test('a real sbatch whose SLURM_CONF names a port no controller listens on', { skip: !sbatchHere || !existsSync(realConf) ? 'needs sbatch and a slurm.conf (bash scripts/slurm-up.sh)' : false, timeout: 120_000 }, async () => {
  const dir = tempDir('slurm-dead-conf');
  const conf = join(dir, 'slurm.conf');
  const lines = readFileSync(realConf, 'utf8').split('\n').filter((l) => !/^SlurmctldPort=/i.test(l));
  writeFileSync(conf, [...lines, 'SlurmctldPort=9'].join('\n'));
  const { results, outcome, message } = await submit({ SLURM_CONF: conf });
  assert.equal(outcome.code, 2, outcome.err.join('\n'));
  assert.match(message, /the Slurm controller did not answer/);
  assert.match(message, new RegExp(`SLURM_CONF=${conf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.equal(existsSync(join(results, 'slurm')), false);
});
