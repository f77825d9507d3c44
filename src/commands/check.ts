/** `reftbench check <report.json> --baseline <report.json> (--abs X | --rel X | --ci) [--results DIR] [--markdown F]`: exit 0 / 1 regression / 2 bad input. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkCompatibility } from '../check/compatibility.ts';
import { chooseRule, compareReports, exitCodeOf } from '../check/compare-reports.ts';
import { loadReport } from '../check/load-report.ts';
import { differenceFromResults } from '../check/rebuild-from-results.ts';
import { renderCheckMarkdown, renderCheckText } from '../check/render-check.ts';
import { UserError } from '../errors.ts';
import { checkMessages } from '../messages/index.ts';
import type { CheckRule } from '../types/report.ts';
import type { Command } from './command.ts';
import { parseCommandLine, stringOption, type OptionSpec } from './parse-command-line.ts';

interface CheckArgs {
  current: string;
  baseline: string;
  rule: CheckRule | undefined;
  markdown: string | undefined;
  results: string | undefined;
}

const CHECK_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  baseline: { type: 'string' },
  markdown: { type: 'string' },
  results: { type: 'string' },
  abs: { type: 'string' },
  rel: { type: 'string' },
  ci: { type: 'boolean' },
};

function parseArgs(args: string[]): CheckArgs {
  const line = parseCommandLine(args, CHECK_OPTIONS, {
    command: 'check',
    unknownOption: (arg) => checkMessages.unknownOption(arg),
    missingValue: (option) => checkMessages.unknownOption(`${option} (without a value)`),
  });
  const tolerance = (name: string): number | undefined => {
    const v = stringOption(line, name);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UserError(checkMessages.badNumber(name, v));
    return n;
  };
  const rules: CheckRule[] = [];
  const abs = tolerance('abs');
  if (abs !== undefined) rules.push({ rule: 'abs', tolerance: abs });
  const rel = tolerance('rel');
  if (rel !== undefined) rules.push({ rule: 'rel', tolerance: rel });
  if (line.values['ci'] === true) rules.push({ rule: 'ci' });
  if (rules.length > 1) throw new UserError(checkMessages.conflictingRules());
  const [current, extra] = line.positionals;
  if (extra !== undefined) throw new UserError(checkMessages.unknownOption(extra));
  if (current === undefined) throw new UserError(checkMessages.missingReport());
  const baseline = stringOption(line, 'baseline');
  if (baseline === undefined) throw new UserError(checkMessages.missingBaseline());
  return { current, baseline, rule: rules[0], markdown: stringOption(line, 'markdown'), results: stringOption(line, 'results') };
}

export const checkCommand: Command = {
  name: 'check',
  usage: checkMessages.usage,
  async run(args, io) {
    const parsed = parseArgs(args);
    const current = loadReport(resolve(io.cwd, parsed.current), 'current');
    const baseline = loadReport(resolve(io.cwd, parsed.baseline), 'baseline');
    const rule = chooseRule(parsed.rule, baseline);
    if (!rule) throw new UserError(checkMessages.noRule(parsed.baseline));
    if (parsed.results !== undefined) {
      const difference = differenceFromResults(current, resolve(io.cwd, parsed.results));
      if (difference) throw new UserError(checkMessages.notFromResults(parsed.current, parsed.results, difference.pointer, difference.claimed, difference.rebuilt));
    }
    const compatibility = checkCompatibility(current, baseline);
    if (!compatibility.ok) throw new UserError(checkMessages.incompatible(compatibility.what, compatibility.current, compatibility.baseline, parsed.current, parsed.baseline));
    for (const note of compatibility.notes) io.err(checkMessages.suiteChanged(note.currentHash, note.baselineHash));
    const outcome = compareReports(current, baseline, rule);
    io.out(renderCheckText(outcome));
    if (parsed.markdown) {
      try {
        writeFileSync(resolve(io.cwd, parsed.markdown), renderCheckMarkdown(outcome, current.suite.name));
      } catch (error) {
        throw new UserError(checkMessages.markdownNotWritten(parsed.markdown, (error as Error).message));
      }
    }
    return exitCodeOf(outcome);
  },
};
