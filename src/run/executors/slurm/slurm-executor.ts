/**
 * The `slurm` executor: a phase's pending runs as one `sbatch --array` (throttled by %N), each task
 * running `reftbench run-one <results> <run-id>` on a cluster node and writing its result into the
 * shared results folder with the store's atomic write. Before submitting, earlier submissions of
 * these runs are reconciled: a task still queued or running is followed, not submitted twice; a
 * task that ended without a result (time limit, out of memory, node failure, scancel) is recorded
 * as a failed run with Slurm's reason (and resubmitted only with --retry-failed). Then either
 *   - follow: poll squeue (sacct, scontrol) and the results folder until every run is recorded;
 *     on Ctrl-C the arrays this process submitted are cancelled and the phase is interrupted; or
 *   - detach: submit a follow-up job that runs the same `run` command once the arrays end (it
 *     records what Slurm killed, selects, submits the finals and detaches again), and return.
 */
import { stat, readFile } from 'node:fs/promises';
import type { Backend } from '../../../backends/backend.ts';
import { writeFileAtomic } from '../../../data/atomic-write.ts';
import { scheduleForSpec } from '../../../data/batch-schedule.ts';
import { slurmMessages } from '../../../messages/index.ts';
import { preparedKey } from '../../prepare-inputs.ts';
import { buildResult } from '../../result-record.ts';
import { readStoredRun, resultFile, writeResult } from '../../store.ts';
import type { PlannedRun } from '../../trial-specs.ts';
import type { Executor, PhaseRequest, RunRecord } from '../executor.ts';
import { readClaims } from './claims.ts';
import { beforeSubmission, followUpScript, jobScript, manifestFile, phaseHash, readManifests, scriptFile, slurmDir, taskLog, writeManifest, type PhaseManifest } from './phase-files.ts';
import type { SlurmSettings } from './settings.ts';
import { arrayTasks, ENDED, endDetail, jobAlive, sacctStates, sbatch, scancel, type SlurmEnv, type TaskState } from './slurm-cli.ts';
import { join } from 'node:path';

export interface SlurmExecutorOptions {
  settings: SlurmSettings;
  where: SlurmEnv;
  /** The submitter's backend: its name and versions go into failure records. */
  backend: Backend;
  suiteFile: string;
  dataDir: string | undefined;
  timeoutSeconds: number | undefined;
  retryFailed: boolean;
  detach: boolean;
  /** The `run` command line the follow-up job of --detach runs (without --detach's effect on it: it detaches too). */
  followUpArgs: readonly string[];
  /** Between polls of squeue and the results folder (default 500 ms). */
  pollMs?: number;
  /** Progress lines (submitted, cancelled). */
  say(text: string): void;
}

/** A run as the follower watches it: which array task runs it, and the result file as it was before. */
interface Watched {
  run: PlannedRun;
  job: string;
  index: number;
  manifest: PhaseManifest;
  before: string | undefined;
  started?: number;
  /** Polls since its task was last seen ended without a result. */
  endedPolls: number;
}

async function fileStamp(file: string): Promise<string | undefined> {
  try {
    const s = await stat(file);
    return `${s.ino}:${s.mtimeMs}:${s.size}`;
  } catch {
    return undefined;
  }
}

const sleep = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const timer = setTimeout(done, ms);
  function done() {
    clearTimeout(timer);
    signal.removeEventListener('abort', done);
    resolve();
  }
  signal.addEventListener('abort', done, { once: true });
});

async function tail(file: string, lines = 30): Promise<string> {
  try {
    return (await readFile(file, 'utf8')).split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

export class SlurmExecutor implements Executor {
  readonly name = 'slurm' as const;
  /** Array (and follow-up) jobs this process submitted, in order. */
  readonly submitted: string[] = [];
  /** Set when --detach handed the suite over to a follow-up job. */
  followUpJob: string | undefined;

  constructor(private readonly options: SlurmExecutorOptions) {}

  /** The task of each run in earlier submissions (the latest one), for reconciling. */
  private async earlier(request: PhaseRequest): Promise<Map<string, { manifest: PhaseManifest; index: number }>> {
    const out = new Map<string, { manifest: PhaseManifest; index: number }>();
    for (const manifest of await readManifests(request.resultsDir)) {
      if (manifest.jobId === undefined || manifest.phase !== request.phase || manifest.suiteHash !== request.loaded.hash) continue;
      manifest.runs.forEach((run, index) => out.set(run.spec.runId, { manifest, index }));
    }
    return out;
  }

  /** Records `run` as failed because its Slurm task ended without a result. */
  private async recordKilled(request: PhaseRequest, w: Watched, state: TaskState | undefined): Promise<RunRecord> {
    const { spec } = w.run;
    const taskId = `${w.job}_${w.index}`;
    const detail = (await endDetail(taskId, this.options.where)) ?? (state === undefined ? 'no longer known to Slurm' : `${state.state}${state.reason !== '' && state.reason !== 'None' ? ` (${state.reason})` : ''}`);
    const log = taskLog(request.resultsDir, w.manifest, w.job, w.index);
    const lengths = request.inputs.tasks.get(preparedKey(spec.model.id, spec.task.id))!.train.lengths;
    const seconds = w.started === undefined ? 0 : (performance.now() - w.started) / 1000;
    const result = buildResult(spec, w.run.hyperparameters, request.loaded.suite, this.options.backend, {
      status: 'failed',
      failure: { reason: slurmMessages.taskEnded(taskId, detail, log), stderrTail: await tail(log) },
      metrics: {},
      lossCurve: [],
      params: { trainable: spec.accounting?.trainableParams ?? 0, head: spec.accounting?.headParams ?? 0, base: spec.accounting?.baseParams ?? 1 },
      compute: { steps: 0, tokens: 0, flops: 0, wallSeconds: seconds, peakMemoryBytes: 0, scheduleHash: scheduleForSpec(spec, lengths).hash },
    });
    const file = await writeResult(request.resultsDir, result);
    return { run: w.run, result, file, seconds };
  }

  async runPhase(request: PhaseRequest, record: (done: RunRecord) => void): Promise<{ interrupted: boolean }> {
    if (request.runs.length === 0) return { interrupted: false };
    const where = this.options.where;
    const watched: Watched[] = [];
    const toSubmit: PlannedRun[] = [];

    // 1. reconcile with earlier submissions of these runs
    const earlier = await this.earlier(request);
    const claims = await readClaims(request.resultsDir);
    for (const run of request.runs) {
      const before = await fileStamp(resultFile(request.resultsDir, run.spec.runId));
      const previous = earlier.get(run.spec.runId);
      if (previous === undefined) {
        toSubmit.push(run);
        continue;
      }
      const job = previous.manifest.jobId!;
      const taskId = `${job}_${previous.index}`;
      const claim = claims.get(run.spec.runId);
      const alive = (await jobAlive(taskId, where)) || (claim?.jobId !== undefined && (await jobAlive(claim.jobId, where)));
      const stored = await readStoredRun(request.resultsDir, run.spec.runId);
      if (alive) {
        watched.push({ run, job, index: previous.index, manifest: previous.manifest, before, endedPolls: 0 });
      } else if (stored.state === 'missing' || stored.state === 'corrupt') {
        // its task ended without a result: Slurm killed it
        const w: Watched = { run, job, index: previous.index, manifest: previous.manifest, before, endedPolls: 0 };
        const done = await this.recordKilled(request, w, undefined);
        if (this.options.retryFailed) toSubmit.push(run);
        else record(done);
      } else {
        toSubmit.push(run);
      }
    }

    // 2. submit the rest as one array
    if (toSubmit.length > 0) {
      const hash = phaseHash(request.loaded.hash, request.phase, toSubmit.map((r) => r.spec.runId));
      const manifest: PhaseManifest = {
        suite: request.loaded.suite.name, suiteHash: request.loaded.hash, suiteFile: this.options.suiteFile, cwd: where.cwd, backend: toSubmit[0]!.spec.backend.name,
        phase: request.phase, hash, runs: [...toSubmit],
        ...(this.options.dataDir === undefined ? {} : { dataDir: this.options.dataDir }),
        ...(this.options.timeoutSeconds === undefined ? {} : { timeoutSeconds: this.options.timeoutSeconds }),
      };
      const script = scriptFile(request.resultsDir, request.phase, hash);
      const written = await beforeSubmission(request.resultsDir, [manifestFile(request.resultsDir, request.phase, hash), script]);
      let job: string;
      try {
        await writeManifest(request.resultsDir, manifest);
        await writeFileAtomic(script, jobScript({ manifest, resultsDir: request.resultsDir, settings: this.options.settings, cacheDir: request.inputs.cacheDir, env: where.env }));
        job = await sbatch(script, [], where);
      } catch (error) {
        await written.undo(); // a refused submission leaves nothing behind
        throw error;
      }
      this.submitted.push(job);
      manifest.jobId = job;
      manifest.submittedAt = new Date().toISOString();
      await writeManifest(request.resultsDir, manifest);
      this.options.say(slurmMessages.submitted(request.phase, job, toSubmit.length, script, this.options.settings.maxParallel));
      for (const [index, run] of toSubmit.entries()) {
        watched.push({ run, job, index, manifest, before: await fileStamp(resultFile(request.resultsDir, run.spec.runId)), endedPolls: 0 });
      }
    }
    if (watched.length === 0) return { interrupted: false };

    // 3a. detach: a follow-up job carries the suite on when these arrays end
    if (this.options.detach) {
      const jobs = [...new Set(watched.map((w) => w.job))];
      const manifest = watched[0]!.manifest;
      const file = join(slurmDir(request.resultsDir), `follow-${request.phase}-${manifest.hash}.sbatch`);
      const written = await beforeSubmission(request.resultsDir, [file]);
      try {
        await writeFileAtomic(file, followUpScript({ manifest, resultsDir: request.resultsDir, settings: this.options.settings, cacheDir: request.inputs.cacheDir, env: where.env }, this.options.followUpArgs));
        this.followUpJob = await sbatch(file, [`--dependency=afterany:${jobs.join(':')}`], where);
      } catch (error) {
        await written.undo();
        throw error;
      }
      this.submitted.push(this.followUpJob);
      return { interrupted: true };
    }

    // 3b. follow until every run is recorded
    const pollMs = this.options.pollMs ?? 500;
    let left = watched;
    while (left.length > 0) {
      if (request.stop.aborted) {
        await scancel(this.submitted, where);
        this.options.say(slurmMessages.cancelled(this.submitted));
        return { interrupted: true };
      }
      const states = new Map<string, TaskState>();
      const pendingRange = new Set<string>();
      const unanswered = new Set<string>();
      for (const job of new Set(left.map((w) => w.job))) {
        const tasks = await arrayTasks(job, where);
        if (tasks === undefined) {
          unanswered.add(job);
          continue;
        }
        for (const t of tasks) {
          if (t.id.includes('[')) pendingRange.add(job);
          else states.set(t.id, t);
        }
        if (tasks.length === 0) for (const t of await sacctStates([job], where)) states.set(t.id, t);
      }
      const still: Watched[] = [];
      for (const w of left) {
        const file = resultFile(request.resultsDir, w.run.spec.runId);
        const stamp = await fileStamp(file);
        if (stamp !== undefined && stamp !== w.before) {
          const stored = await readStoredRun(request.resultsDir, w.run.spec.runId);
          if (stored.state === 'done' || stored.state === 'failed') {
            if (w.started === undefined) request.emit({ type: 'run-start', runId: w.run.spec.runId, phase: w.run.spec.phase });
            record({ run: w.run, result: stored.result, file, seconds: stored.result.compute.wallSeconds });
            continue;
          }
        }
        const state = states.get(`${w.job}_${w.index}`);
        if (state?.state === 'RUNNING' && w.started === undefined) {
          w.started = performance.now();
          request.emit({ type: 'run-start', runId: w.run.spec.runId, phase: w.run.spec.phase });
        }
        // (squeue did not answer for its job: nothing is concluded this time)
        if (!unanswered.has(w.job)) {
          const ended = state === undefined ? !pendingRange.has(w.job) : ENDED.has(state.state);
          w.endedPolls = ended ? w.endedPolls + 1 : 0;
        }
        // Ended without a result: give the write a moment to land, then ask whether another live
        // job holds the run (a claim taken by someone else); if not, Slurm killed it.
        if (w.endedPolls >= 3) {
          const claim = (await readClaims(request.resultsDir)).get(w.run.spec.runId);
          const other = claim?.jobId !== undefined && claim.jobId !== state?.jobId && (await jobAlive(claim.jobId, where));
          if (!other) {
            if (w.started === undefined) request.emit({ type: 'run-start', runId: w.run.spec.runId, phase: w.run.spec.phase });
            record(await this.recordKilled(request, w, state));
            continue;
          }
        }
        still.push(w);
      }
      left = still;
      if (left.length > 0) await sleep(pollMs, request.stop);
    }
    return { interrupted: false };
  }
}
