/**
 * `reftbench run <suite> [--results DIR] [--data-dir DIR] [--jobs N] [--retry-failed] [--json]
 * [--backend ort|torch|auto] [--run-timeout S]`: runs a suite end to end (src/run/bench-pipeline.ts)
 * and leaves one result file per run. Ctrl-C (or SIGTERM) stops after the runs in flight are
 * abandoned and what finished is recorded, exit 128 + the signal's number (src/run/signals.ts).
 */
import { UserError } from '../errors.ts';
import { runMessages } from '../messages/index.ts';
import { parseBackendChoice } from '../backends/registry.ts';
import { runBenchPipeline, type PipelineOptions } from '../run/bench-pipeline.ts';
import { stopOnSignals } from '../run/signals.ts';
import type { Command, CommandIO } from './command.ts';

/** Parses the command line of `run` (and of `bench`, which adds the report); messages name `command`. */
export function parseRunArgs(args: readonly string[], command: 'run' | 'bench' = 'run'): PipelineOptions {
  const options: Partial<PipelineOptions> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UserError(runMessages.missingValue(command, arg));
      return v;
    };
    switch (arg) {
      case '--results':
        options.resultsDir = value();
        break;
      case '--data-dir':
        options.dataDir = value();
        break;
      case '--jobs': {
        const v = value();
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UserError(runMessages.badOptionValue(command, arg, v, 'a whole number ≥ 1'));
        options.jobs = n;
        break;
      }
      case '--run-timeout': {
        const v = value();
        const n = Number(v);
        if (!(n > 0)) throw new UserError(runMessages.badOptionValue(command, arg, v, 'a number of seconds > 0'));
        options.timeoutSeconds = n;
        break;
      }
      case '--backend':
        options.backend = parseBackendChoice(value());
        break;
      case '--retry-failed':
        options.retryFailed = true;
        break;
      case '--json':
        options.json = true;
        break;
      default:
        if (arg.startsWith('-')) throw new UserError(runMessages.unknownOption(command, arg));
        if (options.suiteFile !== undefined) throw new UserError(runMessages.extraArgument(command, arg));
        options.suiteFile = arg;
    }
  }
  if (options.suiteFile === undefined) throw new UserError(runMessages.missingSuite(command));
  return options as PipelineOptions;
}

/**
 * Runs the suite named on a `run`-style command line (options as `reftbench help run` lists them),
 * with Ctrl-C handling and progress on stderr, and returns the exit code. `bench` calls this with
 * `{ report: true }` to build the report after the runs.
 */
export async function runFromArgs(args: readonly string[], io: CommandIO, extra: { report?: boolean } = {}): Promise<number> {
  const options = parseRunArgs(args, extra.report ? 'bench' : 'run');
  const controller = new AbortController();
  const uninstall = stopOnSignals(controller);
  try {
    const outcome = await runBenchPipeline({ ...options, ...extra, tty: process.stderr.isTTY === true && !options.json, stop: controller.signal }, io);
    return outcome.exitCode;
  } finally {
    uninstall();
  }
}

export const runCommand: Command = {
  name: 'run',
  usage: runMessages.usage,
  run: (args, io) => runFromArgs(args, io),
};
