/**
 * The Slurm commands the executor uses, as small typed calls: `sbatch --parsable` (job id),
 * `squeue` (state of each array task, finished ones too while Slurm keeps them), `sacct` (what
 * squeue has forgotten, where accounting is on), `scontrol show job` (a finished task's reason) and
 * `scancel`. Each runs with the caller's environment (SLURM_CONF and friends).
 */
import { execFile } from 'node:child_process';
import { UserError } from '../../../errors.ts';
import { slurmMessages } from '../../../messages/index.ts';

export interface SlurmEnv {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

function call(command: string, args: readonly string[], where: SlurmEnv, timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(command, [...args], { env: where.env, cwd: where.cwd, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof (error as { code?: unknown }).code === 'number' ? (error as { code: number }).code : 1;
      resolve({ code, stdout: String(stdout), stderr: String(stderr), missing: (error as NodeJS.ErrnoException | null)?.code === 'ENOENT' });
    });
  });
}

/** True when `sbatch` can be started here. */
export async function hasSbatch(where: SlurmEnv): Promise<boolean> {
  return !(await call('sbatch', ['--version'], where)).missing;
}

/** sbatch's words when no controller answered (down, unreachable, wrong host or port in slurm.conf). */
const NO_CONTROLLER = /unable to contact slurm controller|unable to establish (a )?(controller )?connection|socket timed out|connection refused|communication connection failure|zero bytes were transmitted|slurmctld.*(down|not responding)/i;
/** sbatch's words when it could not read a Slurm configuration at all. */
const NO_CONFIG = /unable to process configuration file|could not establish a configuration source|s_p_parse_file|cannot stat file.*\.conf/i;

/** The message for an sbatch that failed: no controller, no configuration, or a refusal of the job's options. */
function sbatchRefusal(script: string, why: string, env: NodeJS.ProcessEnv): string {
  const conf = env.SLURM_CONF === undefined || env.SLURM_CONF === '' ? undefined : env.SLURM_CONF;
  if (NO_CONFIG.test(why)) return slurmMessages.sbatchNoConfig(script, why, conf);
  if (NO_CONTROLLER.test(why)) return slurmMessages.sbatchNoController(script, why, conf);
  return slurmMessages.sbatchFailed(script, why);
}

/** Submits `script` (extra arguments before it) and returns the job id. */
export async function sbatch(script: string, args: readonly string[], where: SlurmEnv): Promise<string> {
  const out = await call('sbatch', ['--parsable', ...args, script], where);
  if (out.missing) throw new UserError(slurmMessages.noSbatch());
  if (out.code !== 0) throw new UserError(sbatchRefusal(script, out.stderr.trim() || out.stdout.trim(), where.env));
  const id = out.stdout.trim().split(';')[0]!.trim();
  if (!/^\d+$/.test(id)) throw new UserError(slurmMessages.sbatchFailed(script, `unexpected answer ${JSON.stringify(out.stdout.trim())}`));
  return id;
}

export interface TaskState {
  /** `<array job>_<task>` (or a plain job id). */
  id: string;
  /** PENDING, RUNNING, COMPLETED, CANCELLED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, FAILED, … */
  state: string;
  reason: string;
  /** The task's own job id (SLURM_JOB_ID inside it). */
  jobId: string;
}

export const ENDED = new Set(['COMPLETED', 'CANCELLED', 'TIMEOUT', 'OUT_OF_MEMORY', 'NODE_FAIL', 'FAILED', 'PREEMPTED', 'BOOT_FAIL', 'DEADLINE', 'REVOKED', 'SPECIAL_EXIT']);

/** squeue's answer for a job it no longer knows (or never knew). */
const UNKNOWN_JOB = /Invalid job id/i;

/**
 * The state of every task of `arrayJob` that squeue knows (one line per task), an empty list when
 * squeue no longer knows the job, or undefined when squeue did not answer (a busy or unreachable
 * controller): nothing may be concluded from that.
 */
export async function arrayTasks(arrayJob: string, where: SlurmEnv): Promise<TaskState[] | undefined> {
  const out = await call('squeue', ['-h', '--states=all', '-r', '-j', arrayJob, '-o', '%i|%T|%r|%A'], where);
  if (out.code !== 0) return UNKNOWN_JOB.test(out.stderr) ? [] : undefined;
  const tasks: TaskState[] = [];
  for (const line of out.stdout.split('\n')) {
    const [id, state, reason, jobId] = line.trim().split('|');
    if (id === undefined || state === undefined || id === '') continue;
    tasks.push({ id, state: state.replace(/\+$/, ''), reason: reason ?? '', jobId: jobId ?? id });
  }
  return tasks;
}

/** What sacct says of `jobs` (ids as `12_3` or `45`), where accounting is on; empty otherwise. */
export async function sacctStates(jobs: readonly string[], where: SlurmEnv): Promise<TaskState[]> {
  if (jobs.length === 0) return [];
  const out = await call('sacct', ['-n', '-P', '-X', '-j', jobs.join(','), '-o', 'JobID,State,Reason,JobIDRaw'], where);
  if (out.code !== 0) return [];
  return out.stdout.split('\n').filter((l) => l.includes('|')).map((line) => {
    const [id, state, reason, raw] = line.split('|');
    return { id: id!, state: (state ?? '').split(' ')[0]!, reason: reason ?? '', jobId: raw ?? id! };
  });
}

/**
 * True while the job (a task's own id) is queued or running; false once it ended or Slurm no longer
 * knows it. When squeue does not answer at all, the job is taken to be alive: a claim is never taken
 * over on a guess.
 */
export async function jobAlive(jobId: string, where: SlurmEnv): Promise<boolean> {
  const out = await call('squeue', ['-h', '--states=all', '-j', jobId, '-o', '%T'], where);
  if (out.code === 0) {
    const state = out.stdout.trim().split('\n')[0]?.trim() ?? '';
    if (state !== '') return !ENDED.has(state.replace(/\+$/, ''));
  } else if (!UNKNOWN_JOB.test(out.stderr)) {
    return true;
  }
  const acct = await sacctStates([jobId], where);
  if (acct.length > 0) return !ENDED.has(acct[0]!.state);
  return false;
}

/** `scontrol show job` of a task: its state, reason and exit code, as one line for a failure record. */
export async function endDetail(taskId: string, where: SlurmEnv): Promise<string | undefined> {
  const out = await call('scontrol', ['show', 'job', '-o', taskId], where);
  if (out.code !== 0) return undefined;
  const field = (name: string) => new RegExp(`(?:^|\\s)${name}=(\\S+)`).exec(out.stdout)?.[1];
  const state = field('JobState');
  if (state === undefined) return undefined;
  const reason = field('Reason');
  const exit = field('ExitCode');
  return `${state}${reason !== undefined && reason !== 'None' ? ` (${reason})` : ''}${exit !== undefined ? `, exit code ${exit}` : ''}`;
}

/** Cancels jobs (array job ids cancel every task); errors are ignored (already gone). */
export async function scancel(jobs: readonly string[], where: SlurmEnv): Promise<void> {
  if (jobs.length === 0) return;
  await call('scancel', [...jobs], where);
}
