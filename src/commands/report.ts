/** `reftbench report <results-dir> [--out dir] [--resamples N] [--seed N] [--correction holm|bh]`. */
import { UserError } from '../errors.ts';
import { cliMessages, reportMessages } from '../messages/index.ts';
import { completenessOf, describeGaps } from '../report/completeness.ts';
import { generateReport } from '../report/generate-report.ts';
import type { ReportOptions } from '../report/report-options.ts';
import type { Command } from './command.ts';

function parseArgs(args: string[]): { resultsDir: string; out: string | undefined; options: Partial<ReportOptions> } {
  const options: Partial<ReportOptions> = {};
  let resultsDir: string | undefined;
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UserError(cliMessages.missingArgument('report', `a value after ${arg}`));
      return v;
    };
    const integer = (name: string, min: number): number => {
      const v = value();
      const n = Number(v);
      if (!Number.isInteger(n) || n < min) throw new UserError(reportMessages.badOption(name, v, `an integer ≥ ${min}`));
      return n;
    };
    if (arg === '--out') out = value();
    else if (arg === '--resamples') options.resamples = integer('resamples', 100);
    else if (arg === '--seed') options.seed = integer('seed', 0);
    else if (arg === '--correction') {
      const v = value();
      if (v !== 'holm' && v !== 'bh') throw new UserError(reportMessages.badOption('correction', v, 'holm or bh'));
      options.correction = v;
    } else if (arg.startsWith('-')) throw new UserError(reportMessages.unknownOption(arg));
    else if (resultsDir === undefined) resultsDir = arg;
    else throw new UserError(reportMessages.unknownOption(arg));
  }
  if (resultsDir === undefined) throw new UserError(cliMessages.missingArgument('report', 'a results directory (results/<suite>)'));
  return { resultsDir, out, options };
}

export const reportCommand: Command = {
  name: 'report',
  usage: reportMessages.usage,
  async run(args, io) {
    const { resultsDir, out, options } = parseArgs(args);
    const generated = await generateReport(resultsDir, out, io.cwd, io.env, options);
    io.out(reportMessages.written(generated.out, generated.files, generated.paths));
    const gaps = describeGaps(completenessOf(generated.report));
    if (gaps) io.err(reportMessages.incomplete(gaps));
    return 0;
  },
};
