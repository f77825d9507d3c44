/** User-facing messages of the report stage (`reftbench report`). */
import { join } from 'node:path';

export const reportMessages = {
  usage: [
    'usage: reftbench report <results-dir> [--out <dir>] [--resamples N] [--seed N] [--correction holm|bh]',
    '',
    'Turns results/<suite>/*.json into a report bundle: report.json, README.md, index.html,',
    'charts/*.vl.json|svg|png|pdf and tables/*.csv|tex. Default --out: reports/<suite>/.',
    "Defaults: 1000 resamples, seed 0, Holm; the suite's report block (carried in the results) applies unless",
    'overridden: confidence, bootstrap, baseline (compare each ReFT method with that method only), formats and',
    'charts (which files to write), check (recorded for `reftbench check`).',
  ].join('\n'),
  resultsDirMissing: (dir: string) =>
    `results directory ${dir} does not exist or is not a directory. Pass the folder the runner wrote, e.g. \`reftbench report results/<suite>\`.`,
  noResults: (dir: string) =>
    `${dir} holds no result files (*.json). Run the suite first (\`npm run bench -- suites/<name>.json\`) or pass the right folder.`,
  unreadableResult: (file: string, detail: string) => `${file}: cannot read this result file (${detail}). Delete it and rerun its run.`,
  invalidJson: (file: string, detail: string) =>
    `${file}: not valid JSON (${detail}). The file is damaged: delete it and rerun its run (the runner skips finished runs).`,
  invalidResult: (file: string, problems: readonly string[]) =>
    `${file}: not a valid result file (schemas/result.schema.json):\n${problems.map((p) => `  - ${p}`).join('\n')}\nRegenerate it with the current runner, or remove it.`,
  nonFiniteInResult: (file: string, pointer: string) =>
    `${file}: ${pointer} is not a finite number (Infinity or NaN; JSON.parse reads 1e999 as Infinity). The runner never writes one: the file was edited or damaged. Delete it and rerun its run.`,
  runIdMismatch: (file: string, runId: string, specRunId: string) =>
    `${file}: runId "${runId}" differs from spec.runId "${specRunId}". The file was edited or mixed up: rerun that run.`,
  duplicateRunId: (runId: string, first: string, second: string) =>
    `run "${runId}" appears twice: ${first} and ${second}. Keep one of them.`,
  mixedSuites: (field: string, first: string, firstValue: string, second: string, secondValue: string) =>
    `results from different suites or protocols in one directory: ${field} is ${firstValue} in ${first} but ${secondValue} in ${second}. Report one suite's results at a time (results/<suite>/): move the other suite's files, or this suite's from before an edit, to another folder (rerunning the suite into this folder is refused while they are there).`,
  badOption: (option: string, value: string, expected: string) => `--${option} ${value}: expected ${expected}.`,
  badChartsSetting: (value: string) =>
    `REFTBENCH_CHARTS=${value}: expected worker (lay out the charts on a second thread) or thread (in the command's own thread); unset it to let reftbench choose.`,
  unknownOption: (option: string) => `unknown option ${option} for \`reftbench report\`. Run \`reftbench help report\`.`,
  fontMissing: (searched: readonly string[]) =>
    `no DejaVu Sans font found for the PNG charts (looked in ${searched.join(', ')}). Install it (Debian/Ubuntu: apt-get install -y fonts-dejavu-core) or set REFTBENCH_FONT to a .ttf file.`,
  fontUnreadable: (file: string, reason: string) =>
    `REFTBENCH_FONT=${file}: cannot read it (${reason}). Set REFTBENCH_FONT to a TrueType or OpenType font file such as DejaVuSans.ttf, or unset it to use DejaVu Sans from the system.`,
  fontNotAFont: (file: string, why: string) =>
    `REFTBENCH_FONT=${file} is not a font the PNG charts can be drawn with: ${why}. Set REFTBENCH_FONT to a TrueType or OpenType font file such as DejaVuSans.ttf, or unset it to use DejaVu Sans from the system.`,
  outIsFile: (out: string) => `--out ${out} is a file; give a directory (it is replaced as a whole).`,
  outNotAReport: (out: string, foreign: string) =>
    `the output folder ${out} holds ${foreign}, which is not part of a report. A report replaces its folder as a whole, so it is written only to a new or empty folder or over an earlier report: give another --out (default: reports/<suite>/), or move that file away.`,
  outParentUnusable: (out: string, parent: string, reason: string) =>
    `cannot create the output folder ${out}: its parent ${parent} cannot be made a folder (${reason}). Give an --out whose parent is a folder you can write to.`,
  incomplete: (gaps: string) => `warning: ${gaps}`,
  /** The sentence of a ladder report some of whose levels have no result at all ("model/task at budget (level i of n)"). */
  emptyLevels: (levels: readonly string[]) =>
    `No result at all at ${levels.length === 1 ? 'one level' : `${levels.length} levels`} of the compute ladder: ${levels.join('; ')}; ${levels.length === 1 ? 'it has' : 'they have'} no table and no comparison yet.`,
  /** The sentence of a report whose results lack runs (cells listed as "model/task/method (counts)"). */
  missingRuns: (missing: number, planned: number, gapCells: number, cells: number, listed: string) =>
    `Incomplete results: ${missing} of at least ${planned} planned runs have no result file, in ${gapCells} of ${cells} (model, task, method) cells: ${listed}. A cell's scores and comparisons use only the runs present; running the suite again into the same results folder completes it.`,
  /** The sentence of a report with cells whose every trial failed: they have no final runs by design, and a plain rerun skips failed runs. */
  noSelection: (count: number, listed: string) =>
    `No configuration selected in ${count} (model, task, method) cell${count === 1 ? '' : 's'}, because every tuning trial failed, so ${count === 1 ? 'it has' : 'they have'} no final runs: ${listed}. Running the suite again skips failed runs; \`reftbench run <suite> --retry-failed\` (same results folder) reruns the failed trials, then selects and runs the finals.`,
  written: (out: string, files: number, paths: readonly string[]) => {
    const open = [paths.includes('index.html') ? `open ${join(out, 'index.html')}` : '', paths.includes('README.md') ? `read ${join(out, 'README.md')}` : '']
      .filter((s) => s !== '')
      .join(' or ');
    return `report written to ${out} (${files} file${files === 1 ? "" : "s"})${open ? `; ${open}` : ''}`;
  },
};
