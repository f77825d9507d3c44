/**
 * Run claims across nodes: before an array task trains a run it claims it with
 * `<results>/slurm/claims/<run-id>.claim`, made atomically by `link`ing a fully written temporary
 * file to that name (atomic on NFS too, where O_EXCL may not be). The claim holds the host, pid,
 * Slurm job id and array task. A claim whose job is gone (the caller asks squeue/sacct) is stale:
 * it is renamed aside — only one taker's rename can succeed — and claimed anew.
 */
import { hostname } from 'node:os';
import { link, mkdir, readFile, readdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Claim {
  runId: string;
  host: string;
  pid: number;
  /** SLURM_JOB_ID of the task (each array task has its own), when under Slurm. */
  jobId?: string;
  /** `<array job>_<task>`, for messages and status. */
  task?: string;
  since: string;
}

export function claimsDir(resultsDir: string): string {
  return join(resultsDir, 'slurm', 'claims');
}

export function claimFile(resultsDir: string, runId: string): string {
  return join(claimsDir(resultsDir), `${runId}.claim`);
}

export async function readClaim(file: string): Promise<Claim | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Claim;
    return typeof value.host === 'string' && typeof value.pid === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Every claim in a results folder, by run id. */
export async function readClaims(resultsDir: string): Promise<Map<string, Claim>> {
  const out = new Map<string, Claim>();
  let names: string[];
  try {
    names = await readdir(claimsDir(resultsDir));
  } catch {
    return out;
  }
  for (const name of names.filter((n) => n.endsWith('.claim'))) {
    const claim = await readClaim(join(claimsDir(resultsDir), name));
    if (claim !== undefined) out.set(name.slice(0, -'.claim'.length), claim);
  }
  return out;
}

/** Our own claim, from the Slurm environment of an array task. */
export function ownClaim(runId: string, env: NodeJS.ProcessEnv): Claim {
  const claim: Claim = { runId, host: hostname(), pid: process.pid, since: new Date().toISOString() };
  if (env.SLURM_JOB_ID !== undefined) claim.jobId = env.SLURM_JOB_ID;
  if (env.SLURM_ARRAY_JOB_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== undefined) claim.task = `${env.SLURM_ARRAY_JOB_ID}_${env.SLURM_ARRAY_TASK_ID}`;
  return claim;
}

export type ClaimOutcome = { kind: 'claimed'; tookOver?: Claim } | { kind: 'held'; by: Claim };

async function linkClaim(file: string, claim: Claim): Promise<boolean> {
  const temp = `${file}.${claim.host}.${claim.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(claim)}\n`);
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

/**
 * Claims `claim.runId`. An existing claim is taken over when `alive(existing)` says its holder is
 * gone (or it is unreadable); otherwise it is reported as held.
 */
export async function claimRun(resultsDir: string, claim: Claim, alive: (holder: Claim) => Promise<boolean>): Promise<ClaimOutcome> {
  const file = claimFile(resultsDir, claim.runId);
  await mkdir(claimsDir(resultsDir), { recursive: true });
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await linkClaim(file, claim)) return { kind: 'claimed' };
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released meanwhile: try again
    const holder = await readClaim(file);
    if (holder !== undefined && (await alive(holder))) return { kind: 'held', by: holder };
    // Stale: move it aside. Only one taker's rename succeeds; check that what moved is what we judged.
    const aside = `${file}.stale.${claim.host}.${claim.pid}`;
    try {
      await rename(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    const moved = await readFile(aside, 'utf8').catch(() => '');
    if (moved !== text) {
      // Another taker's fresh claim was moved: put it back and leave the run to it.
      await link(aside, file).catch(() => undefined);
      await unlink(aside).catch(() => undefined);
      const now = await readClaim(file);
      if (now !== undefined) return { kind: 'held', by: now };
      continue;
    }
    await unlink(aside).catch(() => undefined);
    if (await linkClaim(file, claim)) return { kind: 'claimed', ...(holder === undefined ? {} : { tookOver: holder }) };
  }
  const holder = await readClaim(file);
  return holder === undefined ? { kind: 'claimed' } : { kind: 'held', by: holder };
}

/** Removes our claim once the run's result is written (a claim of someone else's is left alone). */
export async function releaseClaim(resultsDir: string, claim: Claim): Promise<void> {
  const file = claimFile(resultsDir, claim.runId);
  const current = await readClaim(file);
  if (current !== undefined && current.pid === claim.pid && current.host === claim.host && current.since === claim.since) await unlink(file).catch(() => undefined);
}
