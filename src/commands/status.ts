/**
 * `reftbench status <results-dir> [--suite <suite.json>] [--json]`: per phase, runs done, running
 * (with Slurm job ids), pending (counted from the suite's plan, src/run/executors/planned-runs.ts)
 * and failed (src/run/executors/slurm/status.ts). A folder that is not a results folder (a report,
 * the suites) is one message and exit 2.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { runMessages, slurmMessages } from '../messages/index.ts';
import { plannedCounts } from '../run/executors/planned-runs.ts';
import { folderStatus, formatStatus, withPlan } from '../run/executors/slurm/status.ts';
import { loadSuite } from '../suite/load-suite.ts';
import type { Command } from './command.ts';
import { parseCommandLine, stringOption } from './parse-command-line.ts';
import { foreignFolder } from './results-folder.ts';

export const statusCommand: Command = {
  name: 'status',
  usage: slurmMessages.statusUsage,
  run: async (args, io) => {
    const line = parseCommandLine(args, { json: { type: 'boolean' }, suite: { type: 'string' } }, {
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
    const foreign = foreignFolder(dir);
    if (foreign !== undefined) throw new UserError(runMessages.notAResultsFolder('status', dirArg, foreign));
    let status = await folderStatus(dir, { env: io.env, cwd: io.cwd });
    const suiteArg = stringOption(line, 'suite');
    // a folder nothing has written to yet: every run of the --suite given is pending
    if (status.suite === undefined && suiteArg !== undefined) status = { ...status, suite: loadSuite(suiteArg, io.cwd).suite.name };
    if (status.suite !== undefined) {
      const query = { resultsDir: dir, suite: status.suite, hash: status.suiteHash, submitted: status.submittedSuiteFiles, cwd: io.cwd };
      status = withPlan(status, plannedCounts(suiteArg === undefined ? query : { ...query, suiteArg }));
    }
    if (line.values['json'] === true) io.out(JSON.stringify(status));
    else for (const text of formatStatus(dir, status)) io.out(text);
    return 0;
  },
};
