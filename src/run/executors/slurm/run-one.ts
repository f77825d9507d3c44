/**
 * One run of a Slurm submission, as an array task executes it (`reftbench run-one <results>
 * <run-id>`): finds the run in the submission manifests beside the results, claims it (taking over
 * a claim whose Slurm job is gone; leaving one held by a live job), loads and checks the suite it
 * was planned from, prepares its model and data from the cache, and executes it through the same
 * executeRun as the local executor, so the result file is the same. On SIGTERM (scancel, the time
 * limit) nothing is written and the claim stays, to be taken over by the next submission.
 */
import { dirname, resolve } from 'node:path';
import { hostname } from 'node:os';
import type { CommandIO } from '../../../commands/command.ts';
import { openBackend } from '../../../backends/registry.ts';
import { resolveDataLocations } from '../../../data/locations.ts';
import { UserError } from '../../../errors.ts';
import { slurmMessages } from '../../../messages/index.ts';
import { pidAlive } from '../../../orphan-temps.ts';
import { loadSuite } from '../../../suite/load-suite.ts';
import { fits } from '../../../suite/semantic-check.ts';
import { executeRun } from '../../execute-run.ts';
import { preparedKey, prepareInputs } from '../../prepare-inputs.ts';
import { interruptedExitCode, stopOnSignals } from '../../signals.ts';
import { readStoredRun } from '../../store.ts';
import { withThreads } from '../local-slots.ts';
import { claimRun, ownClaim, releaseClaim, type Claim } from './claims.ts';
import { readManifests } from './phase-files.ts';
import { jobAlive } from './slurm-cli.ts';

function describe(claim: Claim): string {
  return claim.task !== undefined ? `Slurm task ${claim.task} (job ${claim.jobId}) on ${claim.host}` : claim.jobId !== undefined ? `Slurm job ${claim.jobId} on ${claim.host}` : `pid ${claim.pid} on ${claim.host}`;
}

export async function runOne(resultsArg: string, runId: string, io: CommandIO): Promise<number> {
  const resultsDir = resolve(io.cwd, resultsArg);
  const manifest = (await readManifests(resultsDir)).reverse().find((m) => m.runs.some((r) => r.spec.runId === runId));
  if (manifest === undefined) throw new UserError(slurmMessages.runNotSubmitted(resultsDir, runId));
  const run = manifest.runs.find((r) => r.spec.runId === runId)!;
  if ((await readStoredRun(resultsDir, runId)).state === 'done') {
    io.err(slurmMessages.alreadyDone(runId));
    return 0;
  }

  // 1. claim it
  const where = { env: io.env, cwd: io.cwd };
  const claim = ownClaim(runId, io.env);
  const claimed = await claimRun(resultsDir, claim, async (holder) => {
    if (holder.jobId !== undefined) return holder.jobId !== claim.jobId && (await jobAlive(holder.jobId, where));
    return holder.host === hostname() ? pidAlive(holder.pid) : true;
  });
  if (claimed.kind === 'held') {
    io.err(slurmMessages.heldBy(runId, describe(claimed.by)));
    return 0;
  }
  if (claimed.tookOver !== undefined) io.err(slurmMessages.tookOver(runId, describe(claimed.tookOver)));

  // 2. the backend first: a torch worker starts Python, torch and transformers while the suite and
  //    its data load (one run per process here, so that start is paid once per task anyway). The ort
  //    engine trains in this process (no training child to start, about 0.5 s per run) unless
  //    REFTBENCH_ORT_IN_PROCESS says otherwise; Slurm's signal ends the task either way (SIGTERM stops
  //    at the next step, SIGKILL follows after KillWait).
  const opened = await openBackend(manifest.backend, { ...io.env, REFTBENCH_ORT_IN_PROCESS: io.env.REFTBENCH_ORT_IN_PROCESS ?? '1' });
  (opened as { prestart?: () => void }).prestart?.();
  try {
    // 3. the suite it was planned from, its model and data (from the cache the submitter filled)
    const loaded = loadSuite(manifest.suiteFile, manifest.cwd);
    if (loaded.hash !== manifest.suiteHash) throw new UserError(slurmMessages.suiteChanged(manifest.suiteFile, resultsDir));
    const locations = resolveDataLocations(io.env, manifest.cwd, manifest.dataDir);
    //    (only this run's model × task: a task of a large suite does not read every other task's data)
    const inputs = await prepareInputs(loaded, locations, dirname(manifest.suiteFile), (model, task) => model.id === run.spec.model.id && task.id === run.spec.task.id && fits(model.family, task.type));
    const cpus = Number(io.env.SLURM_CPUS_PER_TASK);
    const backend = opened.name === 'ort' && Number.isInteger(cpus) && cpus > 0 ? withThreads(opened, cpus) : opened;

    // 4. run it, as the local executor does
    const controller = new AbortController();
    const uninstall = stopOnSignals(controller);
    try {
      const { spec } = run;
      const outcome = await executeRun(run, {
        backend,
        suite: loaded.suite,
        resultsDir,
        modelDir: inputs.models.get(spec.model.id)!.dir,
        cacheDir: inputs.cacheDir,
        task: inputs.tasks.get(preparedKey(spec.model.id, spec.task.id))!,
        timeoutSeconds: manifest.timeoutSeconds,
        stop: controller.signal,
        onStep: () => undefined,
      });
      if (outcome.kind === 'interrupted') return interruptedExitCode(controller.signal);
      await releaseClaim(resultsDir, claim);
      io.err(slurmMessages.ranOne(runId, outcome.result.status, outcome.file, performance.now() / 1000, outcome.result.compute.wallSeconds));
      return 0;
    } finally {
      uninstall();
    }
  } finally {
    await opened.close();
  }
}
