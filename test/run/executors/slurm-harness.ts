/**
 * A real one-node Slurm for the Slurm executor tests: when `sbatch` exists, uses the controller
 * SLURM_CONF points at if it answers, else starts one with scripts/slurm-up.sh (stopped again by
 * `stop`, with scripts/slurm-down.sh). Without `sbatch`, `skip` says why the tests are skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repo } from '../helpers.ts';

export interface SlurmHarness {
  /** Why the tests cannot run here, or undefined when they can. */
  skip: string | undefined;
  env: NodeJS.ProcessEnv;
  stop(): void;
}

const PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;

function answers(conf: string | undefined): boolean {
  if (conf === undefined) return false;
  const ping = spawnSync('scontrol', ['ping'], { env: { ...process.env, PATH, SLURM_CONF: conf }, encoding: 'utf8', timeout: 15_000 });
  return ping.status === 0 && /is UP/.test(ping.stdout);
}

export function startSlurm(): SlurmHarness {
  // `sbatch --version` itself fails without a configuration: look the command up instead
  const found = spawnSync('sh', ['-c', 'command -v sbatch'], { env: { ...process.env, PATH }, encoding: 'utf8' });
  if (found.status !== 0) {
    return { skip: 'sbatch is not installed here (bash scripts/slurm-up.sh installs and starts a one-node Slurm)', env: {}, stop: () => undefined };
  }
  if (answers(process.env.SLURM_CONF)) return { skip: undefined, env: { SLURM_CONF: process.env.SLURM_CONF, PATH }, stop: () => undefined };
  let line: string;
  try {
    line = execFileSync('bash', [join(repo, 'scripts', 'slurm-up.sh')], { encoding: 'utf8', env: { ...process.env, PATH }, timeout: 300_000 });
  } catch (error) {
    return { skip: `scripts/slurm-up.sh could not start Slurm: ${(error as Error).message.split('\n')[0]}`, env: {}, stop: () => undefined };
  }
  const conf = /export SLURM_CONF=(\S+)/.exec(line)?.[1];
  if (conf === undefined) return { skip: `scripts/slurm-up.sh printed no SLURM_CONF: ${line}`, env: {}, stop: () => undefined };
  return {
    skip: undefined,
    env: { SLURM_CONF: conf, PATH },
    stop: () => {
      spawnSync('bash', [join(repo, 'scripts', 'slurm-down.sh')], { env: { ...process.env, PATH }, stdio: 'ignore', timeout: 120_000 });
    },
  };
}

/** A Slurm command's stdout (throws on failure). */
export function slurmCommand(env: NodeJS.ProcessEnv, command: string, args: string[]): string {
  return execFileSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env } });
}
