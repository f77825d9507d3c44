/**
 * `reftbench status <results-dir> [--json]`: per phase, runs done, running (with Slurm job ids),
 * pending and failed (src/run/executors/slurm/status.ts).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { runMessages, slurmMessages } from '../messages/index.ts';
import { folderStatus, formatStatus } from '../run/executors/slurm/status.ts';
import type { Command } from './command.ts';
import { parseCommandLine } from './parse-command-line.ts';

export const statusCommand: Command = {
  name: 'status',
  usage: slurmMessages.statusUsage,
  run: async (args, io) => {
    const line = parseCommandLine(args, { json: { type: 'boolean' } }, {
      command: 'status',
      unknownOption: (arg) => runMessages.unknownOption('status', arg),
      missingValue: (option) => runMessages.missingValue('status', option),
    });
    const [dirArg, extra] = line.positionals;
    if (dirArg === undefined || extra !== undefined) throw new UserError(slurmMessages.statusArgs());
    const dir = resolve(io.cwd, dirArg);
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      isDir = false;
    }
    if (!isDir) throw new UserError(slurmMessages.statusNoFolder(dir));
    const status = await folderStatus(dir, { env: io.env, cwd: io.cwd });
    if (line.values['json'] === true) io.out(JSON.stringify(status));
    else for (const text of formatStatus(dir, status)) io.out(text);
    return 0;
  },
};
