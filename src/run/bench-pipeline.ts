/**
 * A suite end to end, as the `run` and `bench` commands call it:
 *   1. validate  the suite file → LoadedSuite       (src/suite/load-suite.ts)
 *   2. plan      Suite → Plan                       (src/plan/build-plan.ts)
 *   3. prepare   models and tokenized data          (src/data/, src/models/) — bad data stops here, exit 2;
 *                every trial checked against the backend before anything is written
 *   4. run       trials → selection on dev → finals on test, under the results folder's lock; a folder
 *                holding another suite's (or another version's) results is refused before step 3. The
 *                runs execute on the local executor (workers here: cores or one per GPU) or on Slurm
 *                (one job array per phase, src/run/executors/)
 *   5. report    results → reports/<suite>/         (src/report/, when asked)
 * Returns the exit code: 0 all ok; 1 some run failed (or a group had no successful trial); 128 +
 * the signal's number when interrupted (130 Ctrl-C, 143 SIGTERM). User mistakes throw `UserError`
 * (exit 2) before any result is written.
 */
import { dirname, resolve } from 'node:path';
import type { CommandIO } from '../commands/command.ts';
import { UserError, isUserError } from '../errors.ts';
import { runMessages, slurmMessages } from '../messages/index.ts';
import { openBackend, resolveBackendChoice, type BackendChoice } from '../backends/registry.ts';
import { resolveDataLocations } from '../data/locations.ts';
import { generateReport } from '../report/generate-report.ts';
import { buildPlan } from '../plan/build-plan.ts';
import { loadSuite } from '../suite/load-suite.ts';
import { fits } from '../suite/semantic-check.ts';
import { acquireDirectoryLock } from './lock.ts';
import { preparedKey, prepareInputs, trainLengthsOf, type PreparedInputs } from './prepare-inputs.ts';
import { checkGenerationRoom, generationSplits } from '../backends/generation-plan.ts';
import type { RunSpec } from '../types/run-spec.ts';
import { jsonSink, plainSink, ttySink, type EventSink } from './progress.ts';
import { checkResultsFolderSuite } from './results-suite.ts';
import { runSuite, type SuiteRunSummary } from './runner.ts';
import { interruptedExitCode } from './signals.ts';
import { trialRuns } from './trial-specs.ts';
import type { Backend } from '../backends/backend.ts';
import { LocalExecutor, type LocalSlot } from './executors/local.ts';
import { localSlots } from './executors/local-slots.ts';
import type { SlurmSettings } from './executors/slurm/settings.ts';
import { SlurmExecutor } from './executors/slurm/slurm-executor.ts';
import { hasSbatch } from './executors/slurm/slurm-cli.ts';
import { chooseExecutor, chooseLocalGpus } from './executors/executor-choice.ts';

export interface PipelineOptions {
  suiteFile: string;
  /** Results folder (default results/<suite name> under the working directory). */
  resultsDir?: string;
  /** GLUE-layout data folder (default REFTBENCH_DATA_DIR). */
  dataDir?: string;
  jobs?: number;
  retryFailed?: boolean;
  /** Machine-readable events on stdout instead of progress on stderr. */
  json?: boolean;
  /** Draw a live bar (stderr is a TTY); otherwise plain lines. */
  tty?: boolean;
  /** Overrides the suite's backend preference. */
  backend?: BackendChoice;
  /** Per-run time limit in seconds. */
  timeoutSeconds?: number;
  /** Build the report after the runs (the `bench` command). */
  report?: boolean;
  /** Aborted on Ctrl-C. */
  stop?: AbortSignal;
  /** `--gpus`: `all` or GPU ids; one torch worker per GPU (local executor). */
  gpus?: string;
  /** Where runs execute (default local). */
  executor?: 'local' | 'slurm';
  /** The Slurm executor's requests (with executor slurm). */
  slurm?: SlurmSettings;
  /** Slurm: submit and exit; a dependent job carries the suite on. */
  detach?: boolean;
}

export interface PipelineOutcome {
  exitCode: number;
  resultsDir: string;
  summary: SuiteRunSummary;
  reportDir?: string;
}

function sinkFor(options: PipelineOptions, io: CommandIO): EventSink {
  if (options.json) return jsonSink((line) => io.out(line));
  if (options.tty) return ttySink((text) => process.stderr.write(text), process.stderr.columns ?? 80);
  return plainSink((line) => io.err(line));
}

/**
 * Refuses, before any run, a model × task whose dev or test prompts leave fewer than
 * `generation.maxNewTokens` positions under maxLength (its answers would be cut or missing). Test
 * prompts are read from the label-free token files only; no label is touched.
 */
async function checkPromptRoom(file: string, specs: readonly RunSpec[], inputs: PreparedInputs): Promise<void> {
  const seen = new Set<string>();
  for (const spec of specs) {
    const key = preparedKey(spec.model.id, spec.task.id);
    if (seen.has(key)) continue;
    seen.add(key);
    const prepared = inputs.tasks.get(key);
    if (prepared === undefined || spec.data === undefined) continue;
    // Checked as the final run will be (the backends' own check), so test prompts are read as well.
    const test = generationSplits(spec).test ? await prepared.test.files() : undefined;
    try {
      await checkGenerationRoom({ ...spec, phase: 'final', data: test === undefined ? spec.data : { ...spec.data, test } });
    } catch (error) {
      if (isUserError(error)) throw new UserError(`${file} (task ${spec.task.id}): ${error.message}`);
      throw error;
    }
  }
}

/** The Slurm executor of a `run --executor slurm` command line; --detach's follow-up job reruns it detached. */
function slurmExecutor(options: PipelineOptions, io: CommandIO, backend: Backend, resultsDir: string): SlurmExecutor {
  const settings = options.slurm ?? { sbatchArgs: [] };
  const dataDir = options.dataDir === undefined ? undefined : resolve(io.cwd, options.dataDir);
  const args = ['run', resolve(io.cwd, options.suiteFile), '--executor', 'slurm', '--results', resultsDir, '--detach'];
  if (dataDir !== undefined) args.push('--data-dir', dataDir);
  if (options.backend !== undefined) args.push('--backend', options.backend);
  if (options.timeoutSeconds !== undefined) args.push('--run-timeout', String(options.timeoutSeconds));
  for (const name of ['partition', 'gres', 'time', 'account'] as const) if (settings[name] !== undefined) args.push(`--${name}`, settings[name]!);
  if (settings.maxParallel !== undefined) args.push('--max-parallel', String(settings.maxParallel));
  for (const arg of settings.sbatchArgs) args.push(`--sbatch-arg=${arg}`);
  return new SlurmExecutor({
    settings, where: { env: io.env, cwd: io.cwd }, backend, suiteFile: resolve(io.cwd, options.suiteFile), dataDir,
    timeoutSeconds: options.timeoutSeconds, retryFailed: options.retryFailed ?? false, detach: options.detach ?? false, followUpArgs: args,
    say: (text) => { if (!options.json) io.err(text); },
  });
}

/** How the local executor opens a torch backend for one GPU (loaded only when GPUs are chosen). */
async function torchOpener(gpus: readonly string[] | undefined): Promise<(env: NodeJS.ProcessEnv) => Backend> {
  if (gpus === undefined) return () => { throw new Error('internal: no GPU was chosen'); };
  const { TorchBackend } = await import('../backends/torch-backend.ts');
  return (env) => new TorchBackend({ env });
}

export async function runBenchPipeline(options: PipelineOptions, io: CommandIO): Promise<PipelineOutcome> {
  const command = options.report ? 'bench' : 'run';
  // 1. validate
  const loaded = loadSuite(options.suiteFile, io.cwd);
  //    and choose the executor: the command line over the suite's executor block
  const commandLine = options;
  options = chooseExecutor(options, loaded.suite.executor, command);
  // 2. plan, for the backend that will run it here (its engine version is part of every run id):
  //    first without the data, so a suite the planner refuses stops before anything is prepared
  const backendName = resolveBackendChoice(options.backend ?? loaded.suite.backend?.prefer ?? 'auto');
  buildPlan(loaded, { backend: backendName });
  //    and refuse a results folder of another suite (or version) before anything is prepared or touched
  const resultsDir = resolve(io.cwd, options.resultsDir ?? `results/${loaded.suite.name}`);
  await checkResultsFolderSuite(resultsDir, loaded);
  const gpus = chooseLocalGpus(commandLine, options, options.suiteFile, backendName, command, io);
  const backend = await openBackend(backendName, io.env);
  const slots: LocalSlot[] = [];
  try {
    if (options.executor === 'slurm' && !(await hasSbatch({ env: io.env, cwd: io.cwd }))) throw new UserError(slurmMessages.noSbatch());
    if (options.executor !== 'slurm') slots.push(...localSlots({ command, backend, jobs: options.jobs, gpus, env: io.env, openTorch: await torchOpener(gpus) }));
    // 3. prepare models and data (cache only; no result is written yet), then plan again with the
    //    real token counts of the training examples: tokens and FLOPs rules count the batches' real tokens
    const where = resolveDataLocations(io.env, io.cwd, options.dataDir);
    const inputs = await prepareInputs(loaded, where, dirname(resolve(io.cwd, options.suiteFile)), (model, task) => fits(model.family, task.type), (line) => io.err(line));
    const plan = buildPlan(loaded, { backend: backendName, trainLengths: trainLengthsOf(inputs) });

    //    and check every planned trial against the backend
    const trials = trialRuns(plan, inputs, backend);
    for (const run of trials) {
      const problem = backend.unsupported(run.spec);
      if (problem !== undefined) throw new UserError(`${loaded.file} (method ${run.spec.method.id}, task ${run.spec.task.id}): ${problem}`);
    }
    //    and that every prompt a task generates answers for leaves room for them (dev and test)
    await checkPromptRoom(loaded.file, trials.map((r) => r.spec), inputs);

    // 4. run, holding the results folder's lock
    const lock = await acquireDirectoryLock(resultsDir);
    const emit = sinkFor(options, io);
    const slurm = options.executor === 'slurm' ? slurmExecutor(options, io, backend, resultsDir) : undefined;
    let summary: SuiteRunSummary;
    try {
      await checkResultsFolderSuite(resultsDir, loaded); // again under the lock: another runner may have written since
      summary = await runSuite(loaded, plan, inputs, backend, {
        resultsDir,
        jobs: slots.length,
        executor: slurm ?? new LocalExecutor(slots),
        retryFailed: options.retryFailed ?? false,
        timeoutSeconds: options.timeoutSeconds,
        stop: options.stop ?? new AbortController().signal,
        emit,
        warn: (text) => io.err(text),
      });
    } finally {
      await lock.release();
    }
    if (slurm?.followUpJob !== undefined) {
      if (!options.json) io.err(slurmMessages.detached(slurm.submitted.filter((j) => j !== slurm!.followUpJob), slurm.followUpJob, resultsDir));
      return { exitCode: 0, resultsDir, summary };
    }
    if (summary.interrupted) {
      emit({ type: 'interrupted', recorded: summary.ok + summary.failed });
      return { exitCode: interruptedExitCode(options.stop), resultsDir, summary };
    }
    emit({ type: 'summary', resultsDir, ok: summary.ok, failed: summary.failed, skipped: summary.skipped });
    const failed = [...summary.results.values()].some((r) => r.status !== 'ok') || summary.unselected.length > 0;
    if (failed && !options.json) io.err(runMessages.summaryFailedHint());
    const outcome: PipelineOutcome = { exitCode: failed ? 1 : 0, resultsDir, summary };

    // 5. report
    if (options.report) {
      try {
        const generated = await generateReport(resultsDir, undefined, io.cwd, io.env);
        outcome.reportDir = generated.out;
        if (!options.json) io.err(runMessages.reportWritten(generated.out));
      } catch (error) {
        if (!isUserError(error)) throw error;
        io.err(error.message);
        io.err(runMessages.noReportStage(resultsDir));
        outcome.exitCode = Math.max(outcome.exitCode, 1);
      }
    } else if (!options.json) {
      io.err(runMessages.noReportStage(resultsDir));
    }
    return outcome;
  } finally {
    for (const slot of slots) if (slot.backend !== backend) await slot.backend.close();
    await backend.close();
  }
}
