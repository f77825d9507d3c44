/** `reftbench check <report.json> --baseline <report.json> [--abs X | --rel X | --ci] [--markdown F]`: exit 0 / 1 regression / 2 bad input. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkCompatibility } from '../check/compatibility.ts';
import { chooseRule, compareReports, exitCodeOf } from '../check/compare-reports.ts';
import { loadReport } from '../check/load-report.ts';
import { renderCheckMarkdown, renderCheckText } from '../check/render-check.ts';
import { UserError } from '../errors.ts';
import { checkMessages } from '../messages/index.ts';
import type { CheckRule } from '../types/report.ts';
import type { Command } from './command.ts';

interface CheckArgs {
  current: string;
  baseline: string;
  rule: CheckRule | undefined;
  markdown: string | undefined;
}

function parseArgs(args: string[]): CheckArgs {
  let current: string | undefined;
  let baseline: string | undefined;
  let markdown: string | undefined;
  let rule: CheckRule | undefined;
  const setRule = (next: CheckRule) => {
    if (rule) throw new UserError(checkMessages.conflictingRules());
    rule = next;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UserError(checkMessages.unknownOption(`${arg} (without a value)`));
      return v;
    };
    const tolerance = (name: string): number => {
      const v = value();
      const n = Number(v);
      if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new UserError(checkMessages.badNumber(name, v));
      return n;
    };
    if (arg === '--baseline') baseline = value();
    else if (arg === '--markdown') markdown = value();
    else if (arg === '--abs') setRule({ rule: 'abs', tolerance: tolerance('abs') });
    else if (arg === '--rel') setRule({ rule: 'rel', tolerance: tolerance('rel') });
    else if (arg === '--ci') setRule({ rule: 'ci' });
    else if (arg.startsWith('-')) throw new UserError(checkMessages.unknownOption(arg));
    else if (current === undefined) current = arg;
    else throw new UserError(checkMessages.unknownOption(arg));
  }
  if (current === undefined) throw new UserError(checkMessages.missingReport());
  if (baseline === undefined) throw new UserError(checkMessages.missingBaseline());
  return { current, baseline, rule, markdown };
}

export const checkCommand: Command = {
  name: 'check',
  usage: checkMessages.usage,
  async run(args, io) {
    const parsed = parseArgs(args);
    const current = loadReport(resolve(io.cwd, parsed.current), 'current');
    const baseline = loadReport(resolve(io.cwd, parsed.baseline), 'baseline');
    const compatibility = checkCompatibility(current, baseline);
    if (!compatibility.ok) throw new UserError(checkMessages.incompatible(compatibility.what, compatibility.current, compatibility.baseline));
    for (const note of compatibility.notes) io.err(checkMessages.suiteChanged(note.currentHash, note.baselineHash));
    const outcome = compareReports(current, baseline, chooseRule(parsed.rule, current, baseline));
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
