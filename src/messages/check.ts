/** User-facing messages of the check stage (`reftbench check`). */
import { printable } from '../report/render/printable.ts';

export const checkMessages = {
  usage: [
    'usage: reftbench check <report.json> --baseline <report.json> (--abs X | --rel X | --ci) [--results <dir>] [--markdown <file>]',
    '',
    'Compares each (model, task, method, metric) of a report with a baseline report.',
    'Rule: --abs X (worse by more than X), --rel X (worse by more than X·|baseline|) or --ci (outside the',
    "baseline's CI); without one, the baseline's checkRule (the suite's report.check when the baseline was",
    'made). The report under test never sets its own rule: with neither, check exits 2.',
    'Both reports are verified first: finite numbers, one entry per model × task × method, and n, mean,',
    'std and CI of every test metric recomputed from its per-seed values. --results <dir> rebuilds the',
    'report from the result files in <dir> and refuses a report that differs from it.',
    'A row missing from the current report, or scored over fewer seeds than in the baseline, fails like a regression.',
    'Exit code: 0 nothing regressed, 1 a regression (or a missing or incomplete row), 2 bad input.',
  ].join('\n'),
  missingFile: (role: string, file: string) => `${role} report ${file} does not exist. Give the path of a report.json written by \`reftbench report\`.`,
  isDirectory: (role: string, file: string) =>
    `${role} report ${file} is a directory; give the report.json inside it (${file.replace(/\/+$/, '')}/report.json).`,
  unreadable: (role: string, file: string, detail: string) => `${role} report ${file} cannot be read (${detail}). Check the path and its permissions.`,
  notAReport: (file: string) =>
    `${file} is not a reftbench report (no report schemaVersion); give a report.json written by \`reftbench report\`.`,
  invalidJson: (file: string, detail: string) => `${file}: not valid JSON (${detail}). Regenerate it with \`reftbench report\`.`,
  invalidReport: (file: string, problems: readonly string[]) =>
    `${file}: not a valid report (schemas/report.schema.json):\n${problems.map((p) => `  - ${p}`).join('\n')}\nRegenerate it with \`reftbench report\`.`,
  /** `currentFile`, `baselineFile`: the two report.json paths as given. */
  incompatible: (what: string, current: string, baseline: string, currentFile: string, baselineFile: string) =>
    `the reports are not comparable: ${what} is ${printable(current)} in the current report ${printable(currentFile)} but ${printable(baseline)} in the baseline ${printable(baselineFile)}. Compare reports of the same suite and protocol, or update the baseline.`,
  unsupportedVersion: (file: string, found: unknown) =>
    `${file}: report schemaVersion ${JSON.stringify(found)} is not the one this reftbench reads (1). Regenerate the report with this version: \`reftbench report <results-dir>\`.`,
  missingBaseline: () => '`reftbench check` needs --baseline <report.json>. Run `reftbench help check`.',
  missingReport: () => '`reftbench check` needs the current report.json as its first argument. Run `reftbench help check`.',
  conflictingRules: () => 'give only one of --abs, --rel and --ci.',
  badNumber: (option: string, value: string) => `--${option} ${value}: expected a number ≥ 0.`,
  unknownOption: (option: string) => `unknown option ${option} for \`reftbench check\`. Run \`reftbench help check\`.`,
  markdownNotWritten: (file: string, detail: string) => `--markdown ${file}: cannot write the summary (${detail}). Give a path in an existing, writable folder.`,
  noRule: (baseline: string) =>
    `the baseline report ${baseline} records no check rule (checkRule) and the command line names none. Give the rule on the command line (--abs X, --rel X or --ci, e.g. \`reftbench check <report.json> --baseline ${baseline} --ci\`), or regenerate the baseline from a suite whose report.check names one. The report under test never sets its own rule.`,
  inconsistentReport: (file: string, where: string, what: string) =>
    `${file}: ${printable(where)} ${printable(what)}. A report written by \`reftbench report\` is consistent; regenerate it from its results.`,
  resultsMissingFlagValue: () => '--results needs the results folder the report was made from.',
  notFromResults: (file: string, dir: string, pointer: string, claimed: string, rebuilt: string) =>
    `${file} is not the report of the results in ${dir}: at ${printable(pointer)} it has ${printable(claimed)} but the results give ${printable(rebuilt)}. Regenerate it with \`reftbench report ${dir}\`.`,
  suiteChanged: (current: string, baseline: string) =>
    `note: the suite file changed (hash ${printable(baseline)} → ${printable(current)}) but its name and protocol match; comparing anyway.`,
};
