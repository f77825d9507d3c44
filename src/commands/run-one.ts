/**
 * `reftbench run-one <results-dir> <run-id>`: one run of a suite submitted with `--executor slurm`,
 * as each array task of its job script runs it (src/run/executors/slurm/run-one.ts).
 */
import { UserError } from '../errors.ts';
import { slurmMessages } from '../messages/index.ts';
import { runOne } from '../run/executors/slurm/run-one.ts';
import type { Command } from './command.ts';
import { parseCommandLine } from './parse-command-line.ts';
import { runMessages } from '../messages/index.ts';

export const runOneCommand: Command = {
  name: 'run-one',
  usage: slurmMessages.runOneUsage,
  run: async (args, io) => {
    const line = parseCommandLine(args, {}, {
      command: 'run-one',
      unknownOption: (arg) => runMessages.unknownOption('run-one', arg),
      missingValue: (option) => runMessages.missingValue('run-one', option),
    });
    const [dir, runId, extra] = line.positionals;
    if (dir === undefined || runId === undefined || extra !== undefined) throw new UserError(slurmMessages.runOneArgs());
    return runOne(dir, runId, io);
  },
};
