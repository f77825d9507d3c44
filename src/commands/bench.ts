/**
 * `reftbench bench <suite.json> [run options]`: the whole pipeline — validate → plan → run → report —
 * as `npm run bench -- <suite>` runs it. The options are `run`'s (`reftbench help run`); bench adds
 * the report under reports/<suite>/ after the runs (src/run/bench-pipeline.ts).
 */
import { planMessages } from '../messages/index.ts';
import type { Command } from './command.ts';
import { runFromArgs } from './run.ts';

export const benchCommand: Command = {
  name: 'bench',
  usage: planMessages.benchUsage,
  run: (args, io) => runFromArgs(args, io, { report: true }),
};
