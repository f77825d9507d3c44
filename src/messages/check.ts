/** User-facing messages of the check stage (`reftbench check`). */
export const checkMessages = {
  usage: [
    'usage: reftbench check <report.json> --baseline <report.json> [--abs X | --rel X | --ci] [--markdown <file>]',
    '',
    'Compares each (model, task, method, metric) of a report with a baseline report.',
    'Rule: --abs X (worse by more than X), --rel X (worse by more than X·|baseline|) or --ci (outside the',
    "baseline's CI); default: the suite's report.check rule, which report.json records as checkRule (the",
    "baseline's, else the current report's), else --ci. A row missing from the current report, or scored",
    'over fewer seeds than in the baseline, fails like a regression.',
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
  incompatible: (what: string, current: string, baseline: string) =>
    `the reports are not comparable: ${what} is ${current} in the current report but ${baseline} in the baseline. Compare reports of the same suite and protocol, or update the baseline.`,
  unsupportedVersion: (file: string, found: unknown) =>
    `${file}: report schemaVersion ${JSON.stringify(found)} is not the one this reftbench reads (1). Regenerate the report with this version: \`reftbench report <results-dir>\`.`,
  missingBaseline: () => '`reftbench check` needs --baseline <report.json>. Run `reftbench help check`.',
  missingReport: () => '`reftbench check` needs the current report.json as its first argument. Run `reftbench help check`.',
  conflictingRules: () => 'give only one of --abs, --rel and --ci.',
  badNumber: (option: string, value: string) => `--${option} ${value}: expected a number ≥ 0.`,
  unknownOption: (option: string) => `unknown option ${option} for \`reftbench check\`. Run \`reftbench help check\`.`,
  markdownNotWritten: (file: string, detail: string) => `--markdown ${file}: cannot write the summary (${detail}). Give a path in an existing, writable folder.`,
  suiteChanged: (current: string, baseline: string) =>
    `note: the suite file changed (hash ${baseline} → ${current}) but its name and protocol match; comparing anyway.`,
};
