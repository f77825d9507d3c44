/**
 * `reftbench run <suite> [--results DIR] [--data-dir DIR] [--jobs N] [--retry-failed] [--json]
 * [--backend ort|torch|auto] [--run-timeout S]`: runs a suite end to end (src/run/bench-pipeline.ts)
 * and leaves one result file per run. Ctrl-C (or SIGTERM) stops after the runs in flight are
 * abandoned and what finished is recorded, exit 128 + the signal's number (src/run/signals.ts).
 */
import { UserError } from '../errors.ts';
import { executorMessages, runMessages } from '../messages/index.ts';
import { parseSlurmSettings } from '../run/executors/slurm/settings.ts';
import { parseBackendChoice } from '../backends/registry.ts';
import { runBenchPipeline, type PipelineOptions } from '../run/bench-pipeline.ts';
import { Interruption, stopOnSignals } from '../run/signals.ts';
import type { Command, CommandIO } from './command.ts';
import { estimateBeforeRun } from './estimate-before-run.ts';
import { parseCommandLine, stringOption, type OptionSpec } from './parse-command-line.ts';

const RUN_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  results: { type: 'string' },
  'data-dir': { type: 'string' },
  jobs: { type: 'string' },
  'run-timeout': { type: 'string' },
  backend: { type: 'string' },
  'retry-failed': { type: 'boolean' },
  json: { type: 'boolean' },
  gpus: { type: 'string' },
  executor: { type: 'string' },
  partition: { type: 'string' },
  gres: { type: 'string' },
  time: { type: 'string' },
  account: { type: 'string' },
  'sbatch-arg': { type: 'string' },
  'max-parallel': { type: 'string' },
  detach: { type: 'boolean' },
};

/** Every value of a repeatable option (`--sbatch-arg A --sbatch-arg=B`), up to `--`. */
function repeated(args: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') break;
    if (arg === `--${name}` && i + 1 < args.length) values.push(args[++i]!);
    else if (arg.startsWith(`--${name}=`)) values.push(arg.slice(name.length + 3));
  }
  return values;
}

/** Parses the command line of `run` (and of `bench`, which adds the report); messages name `command`. */
export function parseRunArgs(args: readonly string[], command: 'run' | 'bench' = 'run'): PipelineOptions {
  const line = parseCommandLine(args, RUN_OPTIONS, {
    command,
    unknownOption: (arg) => runMessages.unknownOption(command, arg),
    missingValue: (option) => runMessages.missingValue(command, option),
  });
  const [suiteFile, extra] = line.positionals;
  if (extra !== undefined) throw new UserError(runMessages.extraArgument(command, extra));
  if (suiteFile === undefined) throw new UserError(runMessages.missingSuite(command));
  const options: PipelineOptions = { suiteFile };
  const results = stringOption(line, 'results');
  if (results !== undefined) options.resultsDir = results;
  const dataDir = stringOption(line, 'data-dir');
  if (dataDir !== undefined) options.dataDir = dataDir;
  const jobs = stringOption(line, 'jobs');
  if (jobs !== undefined) {
    const n = Number(jobs);
    if (jobs.trim() === '' || !Number.isInteger(n) || n < 1) throw new UserError(runMessages.badOptionValue(command, '--jobs', jobs, 'a whole number ≥ 1'));
    options.jobs = n;
  }
  const timeout = stringOption(line, 'run-timeout');
  if (timeout !== undefined) {
    const n = Number(timeout);
    if (timeout.trim() === '' || !(n > 0)) throw new UserError(runMessages.badOptionValue(command, '--run-timeout', timeout, 'a number of seconds > 0'));
    options.timeoutSeconds = n;
  }
  const backend = stringOption(line, 'backend');
  if (backend !== undefined) options.backend = parseBackendChoice(backend);
  if (line.values['retry-failed'] === true) options.retryFailed = true;
  if (line.values['json'] === true) options.json = true;
  const gpus = stringOption(line, 'gpus');
  if (gpus !== undefined) options.gpus = gpus;
  // The executor and its settings as the command line gives them; the suite's executor block fills
  // in what it leaves out (src/run/executors/executor-choice.ts), so an option of the other kind is
  // refused here only when --executor names the kind.
  const executor = stringOption(line, 'executor');
  if (executor !== undefined && executor !== 'local' && executor !== 'slurm') throw new UserError(executorMessages.unknownExecutor(command, executor));
  const slurmOnly = ['partition', 'gres', 'time', 'account', 'sbatch-arg', 'max-parallel', 'detach'].filter((name) => line.values[name] !== undefined);
  if (executor !== undefined) options.executor = executor;
  if (executor === 'local' && slurmOnly.length > 0) throw new UserError(executorMessages.localOnlyOption(command, `--${slurmOnly[0]}`));
  if (executor === 'slurm' && gpus !== undefined) throw new UserError(executorMessages.slurmOnlyLocal(command, '--gpus'));
  if (executor === 'slurm' && jobs !== undefined) throw new UserError(executorMessages.slurmOnlyLocal(command, '--jobs'));
  if (slurmOnly.length === 0) return options;
  options.slurm = parseSlurmSettings(command, {
    partition: stringOption(line, 'partition'),
    gres: stringOption(line, 'gres'),
    time: stringOption(line, 'time'),
    account: stringOption(line, 'account'),
    maxParallel: stringOption(line, 'max-parallel'),
    sbatchArgs: repeated(args, 'sbatch-arg'),
  });
  if (line.values['detach'] === true) options.detach = true;
  return options;
}

/**
 * Runs the suite named on a `run`-style command line (options as `reftbench help run` lists them),
 * with Ctrl-C handling and progress on stderr, and returns the exit code. `bench` calls this with
 * `{ report: true }` to build the report after the runs.
 */
export async function runFromArgs(args: readonly string[], io: CommandIO, extra: { report?: boolean } = {}): Promise<number> {
  const options = parseRunArgs(args, extra.report ? 'bench' : 'run');
  if (!(await estimateBeforeRun(options, io))) return 0;
  const controller = new AbortController();
  const uninstall = stopOnSignals(controller);
  try {
    const outcome = await runBenchPipeline({ ...options, ...extra, tty: process.stderr.isTTY === true && !options.json, stop: controller.signal }, io);
    return outcome.exitCode;
  } catch (error) {
    // stopped before the runner started (while models were drawn or data prepared): nothing was written
    if (error instanceof Interruption && error === controller.signal.reason) return error.exitCode;
    throw error;
  } finally {
    uninstall();
  }
}

export const runCommand: Command = {
  name: 'run',
  usage: runMessages.usage,
  run: (args, io) => runFromArgs(args, io),
};
