/**
 * What the Slurm executor writes beside the results for each submission of a phase:
 *   <results>/slurm/<phase>-<hash>.sbatch     the job script (readable, resubmittable by hand): one
 *                                             array task per run, each running
 *                                             `reftbench run-one <results> <run-id>` from this
 *                                             checkout, with its .venv and caches by absolute path;
 *   <results>/slurm/<phase>-<hash>.runs.json  the manifest `run-one` reads: the runs (spec,
 *                                             hyperparameters, group), the suite and data it needs,
 *                                             and once submitted the array job's id;
 *   <results>/slurm/logs/<phase>-<hash>-<job>_<task>.out   each task's output.
 * The hash is of the suite's hash, the phase and the run ids, so resubmitting the same runs writes
 * the same files.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../data/atomic-write.ts';
import type { BackendName } from '../../../backends/backend.ts';
import { REPO_ROOT } from '../../../repo-root.ts';
import type { PlannedRun } from '../../trial-specs.ts';
import type { SlurmSettings } from './settings.ts';

export interface PhaseManifest {
  suite: string;
  suiteHash: string;
  /** The suite file, absolute. */
  suiteFile: string;
  /** Working directory relative paths were resolved against (the submitter's). */
  cwd: string;
  /** --data-dir as given (resolved against cwd by run-one), when given. */
  dataDir?: string;
  backend: BackendName;
  timeoutSeconds?: number;
  phase: 'trials' | 'finals';
  hash: string;
  runs: PlannedRun[];
  /** Set once sbatch accepted the script. */
  jobId?: string;
  submittedAt?: string;
}

export function slurmDir(resultsDir: string): string {
  return join(resultsDir, 'slurm');
}

export function phaseHash(suiteHash: string, phase: string, runIds: readonly string[]): string {
  return createHash('sha256').update(`${suiteHash}\u0000${phase}\u0000${runIds.join('\u0000')}`).digest('hex').slice(0, 12);
}

export function manifestFile(resultsDir: string, phase: string, hash: string): string {
  return join(slurmDir(resultsDir), `${phase}-${hash}.runs.json`);
}

export function scriptFile(resultsDir: string, phase: string, hash: string): string {
  return join(slurmDir(resultsDir), `${phase}-${hash}.sbatch`);
}

export function logPattern(resultsDir: string, phase: string, hash: string): string {
  return join(slurmDir(resultsDir), 'logs', `${phase}-${hash}-%A_%a.out`);
}

export function taskLog(resultsDir: string, manifest: Pick<PhaseManifest, 'phase' | 'hash'>, jobId: string, index: number): string {
  return join(slurmDir(resultsDir), 'logs', `${manifest.phase}-${manifest.hash}-${jobId}_${index}.out`);
}

export async function writeManifest(resultsDir: string, manifest: PhaseManifest): Promise<string> {
  await mkdir(join(slurmDir(resultsDir), 'logs'), { recursive: true });
  const file = manifestFile(resultsDir, manifest.phase, manifest.hash);
  await writeFileAtomic(file, `${JSON.stringify(manifest, null, 1)}\n`);
  return file;
}

/**
 * What a submission is about to write (its manifest and job script), recorded before it writes them,
 * so a submission sbatch refuses leaves the folder as it found it: `undo` puts back each file's
 * earlier text or removes it, and removes slurm/ when this submission created it. Otherwise the
 * manifest of a job that was never submitted would stay, and `status` would count its runs.
 */
export async function beforeSubmission(resultsDir: string, files: readonly string[]): Promise<{ undo(): Promise<void> }> {
  const hadSlurmDir = existsSync(slurmDir(resultsDir));
  const earlier = new Map<string, string | undefined>();
  for (const file of files) earlier.set(file, await readFile(file, 'utf8').catch(() => undefined));
  return {
    async undo() {
      if (!hadSlurmDir) {
        await rm(slurmDir(resultsDir), { recursive: true, force: true });
        return;
      }
      for (const [file, text] of earlier) {
        if (text === undefined) await rm(file, { force: true });
        else await writeFileAtomic(file, text);
      }
    },
  };
}

/** Every manifest of a results folder, oldest submission first. */
export async function readManifests(resultsDir: string): Promise<PhaseManifest[]> {
  let names: string[];
  try {
    names = await readdir(slurmDir(resultsDir));
  } catch {
    return [];
  }
  const out: PhaseManifest[] = [];
  for (const name of names.filter((n) => n.endsWith('.runs.json'))) {
    try {
      out.push(JSON.parse(await readFile(join(slurmDir(resultsDir), name), 'utf8')) as PhaseManifest);
    } catch {
      // being written or damaged: skipped
    }
  }
  return out.sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''));
}

/** Single-quoted for bash. */
export function shellQuote(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Environment variables a task must see as the submitter does (absolute where they are paths). */
const PASSED_ON = ['SLURM_CONF', 'REFTBENCH_CACHE_DIR', 'REFTBENCH_DATA_DIR', 'REFTBENCH_PYTHON', 'REFTBENCH_FROM_SOURCE', 'HF_HOME', 'HF_HUB_CACHE', 'HF_HUB_OFFLINE', 'TRANSFORMERS_OFFLINE', 'REFTBENCH_FONT'];

export interface ScriptInput {
  manifest: PhaseManifest;
  resultsDir: string;
  settings: SlurmSettings;
  /** Absolute cache folder the submitter used. */
  cacheDir: string;
  env: NodeJS.ProcessEnv;
  /** `node` binary (default: this one). */
  node?: string;
  /** Checkout root (default: this one). */
  root?: string;
}

/** The #SBATCH lines every script of this submission carries (besides --array and --output). */
export function sbatchOptionLines(settings: SlurmSettings): string[] {
  const lines: string[] = [];
  if (settings.partition !== undefined) lines.push(`#SBATCH --partition=${settings.partition}`);
  if (settings.account !== undefined) lines.push(`#SBATCH --account=${settings.account}`);
  if (settings.gres !== undefined) lines.push(`#SBATCH --gres=${settings.gres}`);
  if (settings.time !== undefined) lines.push(`#SBATCH --time=${settings.time}`);
  for (const arg of settings.sbatchArgs) lines.push(`#SBATCH ${arg}`);
  return lines;
}

/** The environment block of a script: the checkout, its .venv and the caches, by absolute path. */
export function environmentLines(input: Pick<ScriptInput, 'manifest' | 'cacheDir' | 'env' | 'root'>): string[] {
  const root = input.root ?? REPO_ROOT;
  const lines = [`cd ${shellQuote(input.manifest.cwd)}`, `export REFTBENCH_CACHE_DIR=${shellQuote(input.cacheDir)}`];
  for (const name of PASSED_ON) {
    const value = input.env[name];
    if (name !== 'REFTBENCH_CACHE_DIR' && value !== undefined && value !== '') lines.push(`export ${name}=${shellQuote(value)}`);
  }
  const venv = join(root, '.venv');
  if (existsSync(join(venv, 'bin'))) lines.push(`export VIRTUAL_ENV=${shellQuote(venv)}`, `export PATH=${shellQuote(join(venv, 'bin'))}:"$PATH"`);
  return lines;
}

export function jobScript(input: ScriptInput): string {
  const { manifest, resultsDir } = input;
  const root = input.root ?? REPO_ROOT;
  const node = input.node ?? process.execPath;
  const n = manifest.runs.length;
  const throttle = input.settings.maxParallel === undefined ? '' : `%${input.settings.maxParallel}`;
  return [
    '#!/bin/bash',
    `# reftbench: the ${manifest.phase} of suite ${manifest.suite}, ${n} run${n === 1 ? '' : 's'}, one per array task.`,
    `# Each task runs \`reftbench run-one\` on the results folder; resubmit with: sbatch ${scriptFile(resultsDir, manifest.phase, manifest.hash)}`,
    `#SBATCH --job-name=reftbench-${manifest.phase}`,
    `#SBATCH --array=0-${n - 1}${throttle}`,
    `#SBATCH --output=${logPattern(resultsDir, manifest.phase, manifest.hash)}`,
    '#SBATCH --ntasks=1',
    ...sbatchOptionLines(input.settings),
    'set -eu',
    ...environmentLines(input),
    'runs=(',
    ...manifest.runs.map((r) => `  ${shellQuote(r.spec.runId)}`),
    ')',
    `exec ${shellQuote(node)} ${shellQuote(join(root, 'bin', 'reftbench.mjs'))} run-one ${shellQuote(resultsDir)} "\${runs[$SLURM_ARRAY_TASK_ID]}"`,
    '',
  ].join('\n');
}

/**
 * The job that carries a detached suite on once `afterJobs` end: the same `run` command again, on
 * the cluster (it records what Slurm killed, selects, submits the next phase and detaches again).
 */
export function followUpScript(input: Pick<ScriptInput, 'manifest' | 'resultsDir' | 'settings' | 'cacheDir' | 'env' | 'node' | 'root'>, runArgs: readonly string[]): string {
  const root = input.root ?? REPO_ROOT;
  const node = input.node ?? process.execPath;
  const { manifest } = input;
  return [
    '#!/bin/bash',
    `# reftbench: carries suite ${manifest.suite} on after its ${manifest.phase} (selection, next phase) — submitted by --detach.`,
    `#SBATCH --job-name=reftbench-follow`,
    `#SBATCH --output=${join(slurmDir(input.resultsDir), 'logs', `follow-${manifest.phase}-${manifest.hash}-%j.out`)}`,
    '#SBATCH --ntasks=1',
    ...sbatchOptionLines({ ...input.settings, gres: undefined }).filter((l) => !l.startsWith('#SBATCH --gres')),
    'set -eu',
    ...environmentLines(input),
    `exec ${shellQuote(node)} ${shellQuote(join(root, 'bin', 'reftbench.mjs'))} ${runArgs.map(shellQuote).join(' ')}`,
    '',
  ].join('\n');
}
