/**
 * What the Slurm executor asks the cluster for, from the command line: partition, generic resources
 * (`gpu:1`), time limit, account, extra `sbatch` arguments, and how many array tasks may run at once
 * (`--array=0-N%max`). Checked here so that a typo stops before anything is submitted.
 */
import { UserError } from '../../../errors.ts';
import { runMessages } from '../../../messages/index.ts';

export interface SlurmSettings {
  partition?: string;
  gres?: string;
  /** `HH:MM:SS` (or `D-HH:MM:SS`). */
  time?: string;
  account?: string;
  sbatchArgs: string[];
  /** Array tasks at once (`%N`); undefined: as many as the cluster gives. */
  maxParallel?: number;
}

export interface RawSlurmSettings {
  partition: string | undefined;
  gres: string | undefined;
  time: string | undefined;
  account: string | undefined;
  maxParallel: string | undefined;
  sbatchArgs: string[];
}

const TIME = /^(\d+-)?\d{1,3}:\d{2}:\d{2}$/;
const WORD = /^[A-Za-z0-9_.:,=+\-/]+$/;

export function parseSlurmSettings(command: string, raw: RawSlurmSettings): SlurmSettings {
  const settings: SlurmSettings = { sbatchArgs: raw.sbatchArgs };
  for (const name of ['partition', 'gres', 'account'] as const) {
    const value = raw[name];
    if (value === undefined) continue;
    if (!WORD.test(value)) throw new UserError(runMessages.badOptionValue(command, `--${name}`, value, 'a Slurm name (letters, digits and _ . : , = + - /)'));
    settings[name] = value;
  }
  if (raw.time !== undefined) {
    if (!TIME.test(raw.time)) throw new UserError(runMessages.badOptionValue(command, '--time', raw.time, 'HH:MM:SS or D-HH:MM:SS'));
    settings.time = raw.time;
  }
  if (raw.maxParallel !== undefined) {
    const n = Number(raw.maxParallel);
    if (raw.maxParallel.trim() === '' || !Number.isInteger(n) || n < 1) throw new UserError(runMessages.badOptionValue(command, '--max-parallel', raw.maxParallel, 'a whole number ≥ 1'));
    settings.maxParallel = n;
  }
  for (const arg of raw.sbatchArgs) {
    if (!arg.startsWith('-') || /[\n\r]/.test(arg)) throw new UserError(runMessages.badOptionValue(command, '--sbatch-arg', arg, 'one sbatch option, e.g. --sbatch-arg=--mem=8G'));
  }
  return settings;
}
