/**
 * Where a results folder stands, per phase (trials, finals): runs done, running (with the Slurm
 * task that holds each), pending and failed. The runs of a phase are those its Slurm submissions
 * list (<results>/slurm/*.runs.json) and those with a result file; a run is running while its
 * claim's job is alive (squeue, else sacct), done or failed by its result file, pending otherwise.
 * Runs nothing has submitted yet (a local run stopped early, a phase not reached) are pending too:
 * `withPlan` counts them from the suite's plan (src/run/executors/planned-runs.ts); without it the
 * pending count is only what the submissions list, and the status says so.
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { slurmMessages } from '../../../messages/executors.ts';
import { pidAlive } from '../../../orphan-temps.ts';
import { LOCK_FILE, type LockOwner } from '../../lock.ts';
import { readStoredRun, storedRunIds } from '../../store.ts';
import type { PlannedCounts } from '../planned-runs.ts';
import { readClaims } from './claims.ts';
import { readManifests } from './phase-files.ts';
import { jobAlive, type SlurmEnv } from './slurm-cli.ts';

export interface PhaseStatus {
  phase: 'trials' | 'finals';
  done: number;
  failed: number;
  pending: number;
  /** Running runs: run id → the Slurm task (or job) that holds it. */
  running: { runId: string; task: string }[];
  /** Array jobs submitted for the phase, oldest first. */
  jobs: string[];
}

export interface FolderStatus {
  suite: string | undefined;
  /** The suite hash the results (or submissions) record. */
  suiteHash: string | undefined;
  /** Suite files the Slurm submissions name (absolute). */
  submittedSuiteFiles: string[];
  phases: PhaseStatus[];
  /** The suite file the pending runs were counted from (absent: not counted, see planProblem). */
  plannedFrom?: string;
  /** Why the pending runs could not be counted from the plan (then pending is what submissions list). */
  planProblem?: string;
  /** The runner that holds the folder's lock now (a local run in progress), when one does. */
  runner?: LockOwner;
}

/** The live owner of the folder's lock (src/run/lock.ts), if any: on this host its pid must be alive. */
async function lockHolder(resultsDir: string): Promise<LockOwner | undefined> {
  try {
    const owner = JSON.parse(await readFile(join(resultsDir, LOCK_FILE), 'utf8')) as Partial<LockOwner>;
    if (typeof owner.pid !== 'number' || typeof owner.host !== 'string' || typeof owner.since !== 'string') return undefined;
    if (owner.host === hostname() && !pidAlive(owner.pid)) return undefined;
    return { pid: owner.pid, host: owner.host, since: owner.since };
  } catch {
    return undefined;
  }
}

export async function folderStatus(resultsDir: string, where: SlurmEnv): Promise<FolderStatus> {
  const phaseOf = new Map<string, 'trials' | 'finals'>();
  let suite: string | undefined;
  let suiteHash: string | undefined;
  const submittedSuiteFiles: string[] = [];
  const jobs: Record<'trials' | 'finals', string[]> = { trials: [], finals: [] };
  for (const m of await readManifests(resultsDir)) {
    suite ??= m.suite;
    suiteHash ??= m.suiteHash;
    if (typeof m.suiteFile === 'string' && !submittedSuiteFiles.includes(m.suiteFile)) submittedSuiteFiles.push(m.suiteFile);
    if (m.jobId !== undefined) jobs[m.phase].push(m.jobId);
    for (const r of m.runs) phaseOf.set(r.spec.runId, m.phase);
  }
  const stored = new Map<string, 'done' | 'failed'>();
  for (const id of await storedRunIds(resultsDir)) {
    const s = await readStoredRun(resultsDir, id);
    if (s.state !== 'done' && s.state !== 'failed') continue;
    suite ??= s.result.spec.suite.name;
    suiteHash ??= s.result.spec.suite.hash;
    stored.set(id, s.state);
    phaseOf.set(id, s.result.spec.phase === 'trial' ? 'trials' : 'finals');
  }
  const claims = await readClaims(resultsDir);
  const alive = new Map<string, boolean>();
  const phases: PhaseStatus[] = (['trials', 'finals'] as const).map((phase) => ({ phase, done: 0, failed: 0, pending: 0, running: [], jobs: jobs[phase] }));
  for (const [runId, phase] of phaseOf) {
    const status = phases.find((p) => p.phase === phase)!;
    const claim = claims.get(runId);
    if (claim?.jobId !== undefined) {
      if (!alive.has(claim.jobId)) alive.set(claim.jobId, await jobAlive(claim.jobId, where));
      if (alive.get(claim.jobId)) {
        status.running.push({ runId, task: claim.task ?? claim.jobId });
        continue;
      }
    }
    const state = stored.get(runId);
    if (state === 'done') status.done++;
    else if (state === 'failed') status.failed++;
    else status.pending++;
  }
  for (const p of phases) p.running.sort((a, b) => a.task.localeCompare(b.task, 'en', { numeric: true }));
  const runner = await lockHolder(resultsDir);
  return { suite, suiteHash, submittedSuiteFiles, phases, ...(runner === undefined ? {} : { runner }) };
}

/** `status` with each phase's pending runs counted from the plan: those planned and not done, failed or running. */
export function withPlan(status: FolderStatus, planned: PlannedCounts): FolderStatus {
  if ('problem' in planned) return { ...status, planProblem: planned.problem };
  const phases = status.phases.map((p) => {
    const seen = p.done + p.failed + p.running.length;
    return { ...p, pending: Math.max(p.pending, planned[p.phase] - seen) };
  });
  return { ...status, phases, plannedFrom: planned.suiteFile };
}

export function formatStatus(dir: string, status: FolderStatus): string[] {
  const lines = [`${dir}${status.suite === undefined ? '' : ` (suite ${status.suite})`}`];
  const counted = status.planProblem === undefined;
  for (const p of status.phases) {
    const total = p.done + p.failed + p.pending + p.running.length;
    if (total === 0 && (counted || status.suite === undefined)) {
      lines.push(`${p.phase}: none yet`);
      continue;
    }
    const running = p.running.length === 0 ? '0 running' : `${p.running.length} running (${p.running.map((r) => r.task).join(', ')})`;
    const pending = counted ? `${p.pending} pending` : p.pending > 0 ? `at least ${p.pending} pending` : 'pending not counted';
    lines.push(`${p.phase}: ${p.done} done, ${running}, ${pending}, ${p.failed} failed${p.jobs.length === 0 ? '' : `; Slurm job${p.jobs.length === 1 ? '' : 's'} ${p.jobs.join(', ')}`}`);
  }
  if (status.planProblem !== undefined) lines.push(status.planProblem);
  if (status.runner !== undefined) lines.push(slurmMessages.statusRunner(status.runner.pid, status.runner.host, status.runner.since));
  return lines;
}
