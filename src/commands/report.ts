/** `reftbench report <results-dir> [--out dir] [--resamples N] [--seed N] [--correction holm|bh]`. */
import { resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { cliMessages, reportMessages, runMessages } from '../messages/index.ts';
import { completenessOf, describeGaps } from '../report/completeness.ts';
import { generateReport } from '../report/generate-report.ts';
import { MAX_RESAMPLES, MIN_RESAMPLES, type ReportOptions } from '../report/report-options.ts';
import type { Command } from './command.ts';
import { parseCommandLine, stringOption, type OptionSpec } from './parse-command-line.ts';
import { foreignFolder } from './results-folder.ts';

const REPORT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  out: { type: 'string' },
  resamples: { type: 'string' },
  seed: { type: 'string' },
  correction: { type: 'string' },
};

function parseArgs(args: string[]): { resultsDir: string; out: string | undefined; options: Partial<ReportOptions> } {
  const line = parseCommandLine(args, REPORT_OPTIONS, {
    command: 'report',
    unknownOption: (arg) => reportMessages.unknownOption(arg),
    missingValue: (option) => cliMessages.missingArgument('report', `a value after ${option}`),
  });
  const options: Partial<ReportOptions> = {};
  const integer = (name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined => {
    const v = stringOption(line, name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      throw new UserError(reportMessages.badOption(name, v, max === Number.MAX_SAFE_INTEGER ? `an integer ≥ ${min}` : `an integer from ${min} to ${max}`));
    }
    return n;
  };
  const resamples = integer('resamples', MIN_RESAMPLES, MAX_RESAMPLES);
  if (resamples !== undefined) options.resamples = resamples;
  const seed = integer('seed', 0);
  if (seed !== undefined) options.seed = seed;
  const correction = stringOption(line, 'correction');
  if (correction !== undefined) {
    if (correction !== 'holm' && correction !== 'bh') throw new UserError(reportMessages.badOption('correction', correction, 'holm or bh'));
    options.correction = correction;
  }
  const [resultsDir, extra] = line.positionals;
  if (extra !== undefined) throw new UserError(reportMessages.unknownOption(extra));
  if (resultsDir === undefined) throw new UserError(cliMessages.missingArgument('report', 'a results directory (results/<suite>)'));
  return { resultsDir, out: stringOption(line, 'out'), options };
}

export const reportCommand: Command = {
  name: 'report',
  usage: reportMessages.usage,
  async run(args, io) {
    const { resultsDir, out, options } = parseArgs(args);
    // A report folder or the suites folder is one message, not a schema complaint about its first file.
    const foreign = foreignFolder(resolve(io.cwd, resultsDir));
    if (foreign !== undefined) throw new UserError(runMessages.notAResultsFolder('report', resultsDir, foreign));
    const generated = await generateReport(resultsDir, out, io.cwd, io.env, options);
    io.out(reportMessages.written(generated.out, generated.files, generated.paths));
    const gaps = describeGaps(completenessOf(generated.report));
    if (gaps) io.err(reportMessages.incomplete(gaps));
    return 0;
  },
};
