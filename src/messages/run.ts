/**
 * User-facing messages of the run stage (`reftbench run`, `reftbench bench`): the command line, the
 * results directory and its lock, model and data sources the runner resolves, and the progress and
 * summary lines. Each problem names the file or option, the place in it, and what to do.
 */

/** A plan group (model/task/method, `@index` on a compute ladder) as `plan` and the report number levels: from 1. */
const groupName = (group: string): string => group.replace(/@(\d+)$/, (_, index: string) => ` at budget level ${Number(index) + 1}`);

export const runMessages = {
  usage: [
    'usage: reftbench run <suite.json> [--results DIR] [--data-dir DIR] [--jobs N] [--retry-failed] [--json]',
    '                                  [--backend ort|torch|auto] [--run-timeout SECONDS] [--gpus all|0,2,...]',
    '       reftbench run <suite.json> --executor slurm [--partition P] [--gres gpu:1] [--time HH:MM:SS] [--account A]',
    '                                  [--sbatch-arg=OPT]... [--max-parallel N] [--detach] [--results DIR] [--retry-failed]',
    '',
    'Runs a suite end to end: tuning trials scored on dev, selection by the suite\'s rule, then the',
    'selected configuration of every method over the seeds, scored once on test.',
    '',
    '  --results DIR        results folder (default results/<suite name>)',
    '  --data-dir DIR       GLUE-layout data folder (default $REFTBENCH_DATA_DIR)',
    '  --jobs N             runs in parallel (default 1: on the CPU each run uses every core)',
    '  --retry-failed       rerun runs recorded as failed, diverged or timed out',
    '  --json               print one JSON event per line on stdout instead of progress',
    '  --backend NAME       override the suite\'s backend preference',
    '  --run-timeout S      record a run as timed out when it runs longer than S seconds',
    '  --gpus all|0,2       torch: one worker per GPU, each seeing only its own (CUDA_VISIBLE_DEVICES);',
    '                       --jobs may not exceed the GPUs given. ort jobs split the cores between them',
    '  --executor slurm     each phase\'s pending runs become one `sbatch --array` on the cluster this',
    '                       machine submits to (docs/cluster.md); the results folder must be on a shared',
    '                       file system. --max-parallel N throttles the array (%N); --detach submits and',
    '                       exits (follow with `reftbench status DIR`); the other options go to sbatch',
    '',
    'The suite\'s optional "executor" block gives these settings too (kind local|slurm, jobs, gpus,',
    'partition, gres, time, account, sbatchArgs, maxParallel); each option given here wins over its field.',
    '',
    'Finished runs are skipped on a rerun; a results folder holding another suite\'s results (or this',
    'suite\'s from before an edit) is refused with exit code 2. Exit code 1 when any run failed; 128 +',
    'the signal\'s number when stopped (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP; 141 when the reader of --json closes',
    'stdout). A file system that refuses a write (full, read-only, no permission) is exit code 2.',
  ].join('\n'),

  // --- command line ------------------------------------------------------------------------------
  missingSuite: (command: string) =>
    `reftbench ${command}: give the suite file, e.g. \`reftbench ${command} suites/quickstart.json\`. See \`reftbench help ${command}\`.`,
  unknownOption: (command: string, option: string) => `reftbench ${command}: unknown option ${option}. See \`reftbench help ${command}\` for the options.`,
  missingValue: (command: string, option: string) => `reftbench ${command}: ${option} needs a value. See \`reftbench help ${command}\`.`,
  badOptionValue: (command: string, option: string, value: string, expected: string) =>
    `reftbench ${command}: ${option} ${JSON.stringify(value)} is invalid: expected ${expected}.`,
  extraArgument: (command: string, arg: string) =>
    `reftbench ${command}: unexpected argument ${JSON.stringify(arg)}; give one suite file. See \`reftbench help ${command}\`.`,

  // --- suite and sources -------------------------------------------------------------------------
  unknownTinyKind: (file: string, pointer: string, kind: string, known: readonly string[]) =>
    `${file} ${pointer}: tiny model kind ${JSON.stringify(kind)} is unknown; use one of ${known.join(', ')}.`,

  // --- backends ----------------------------------------------------------------------------------
  unknownBackend: (name: string) => `unknown backend ${JSON.stringify(name)}: use ort, torch or auto.`,
  torchUnavailable: (reason: string) =>
    `the torch backend is not available here (${reason}). Run \`npm run setup:torch\` on a machine with a GPU, or use --backend ort.`,

  // --- results directory -------------------------------------------------------------------------
  resultsLocked: (dir: string, pid: number, host: string, since: string) =>
    `${dir} is in use by another runner (pid ${pid} on ${host}, since ${since}). Wait for it to finish, or pass --results with another folder. ` +
    `If no runner is alive, delete ${dir}/.lock.`,
  resultsNotWritable: (dir: string, reason: string) =>
    `${dir}: cannot write results here (${reason}). Pass --results with a writable folder.`,
  resultsOfOtherSuite: (dir: string, file: string, difference: string, stale: number, total: number, fresh: string) =>
    `${dir} already holds results that do not belong to this suite: ${file} ${difference}` +
    `${stale > 1 ? `, and so do ${stale - 1} more of its ${total} result files` : ''}. ` +
    'Nothing was run and the folder is unchanged: old and new results cannot be mixed in one folder (the report would refuse it). ' +
    `Pass --results with a fresh folder (e.g. --results ${fresh}), or move or delete the old results (and _selection.json) from ${dir} to rerun there.`,
  otherSuite: (name: string, expected: string, suiteFile: string) =>
    `is from suite ${JSON.stringify(name)}, not ${JSON.stringify(expected)} (${suiteFile})`,
  otherSuiteVersion: (name: string, hash: string, expected: string, suiteFile: string) =>
    `is from another version of suite ${JSON.stringify(name)} (suite hash ${hash}; ${suiteFile} was edited since and has hash ${expected} now)`,
  otherTask: (task: string, suiteFile: string) => `is a run of task ${JSON.stringify(task)}, which ${suiteFile} no longer has`,
  otherProtocol: (field: string, before: string, now: string) =>
    `was run under another protocol: its ${field} is ${before}, but this suite's is ${now} now (made by another harness version?)`,
  /** `reftbench report|status <dir>` given a report folder, the suites folder or another folder. */
  notAResultsFolder: (command: string, dir: string, holds: { kind: 'report'; suite: string | undefined } | { kind: 'suites'; files: readonly string[] } | { kind: 'other'; entries: readonly string[] }) => {
    const list = (names: readonly string[]) => `${names.slice(0, 3).join(', ')}${names.length > 3 ? `, … (${names.length} in all)` : ''}`;
    const what =
      holds.kind === 'report'
        ? 'is a report folder (it holds report.json, written by `reftbench report`)'
        : holds.kind === 'suites'
          ? `holds suite files (${list(holds.files)})`
          : `holds ${list(holds.entries)} and no result file`;
    const example = holds.kind === 'report' && holds.suite !== undefined ? `results/${holds.suite}` : 'results/<suite>';
    const source = holds.kind === 'report' ? ' (the report was built from it)' : holds.kind === 'suites' ? ` (\`reftbench run ${dir.replace(/\/+$/, '')}/${holds.files[0]}\` fills one)` : '';
    return `reftbench ${command}: ${dir} ${what}, not a results folder. Give the results folder a \`reftbench run\` wrote${source}: \`reftbench ${command} ${example}\`.`;
  },
  staleData: (file: string, role: string) =>
    `${file}: this run's ${role} data changed since it was recorded (its tokenized files differ); it will be rerun and the file replaced.`,
  corruptResult: (file: string, problem: string) =>
    `${file}: not a valid result file (${problem}); it will be rerun. Move it away if you want to keep it.`,

  // --- progress and summary ----------------------------------------------------------------------
  phaseStart: (phase: string, total: number, skipped: number) =>
    `${phase}: ${total} run${total === 1 ? '' : 's'}${skipped > 0 ? ` (${skipped} already done, skipped)` : ''}`,
  progressLine: (phase: string, done: number, total: number, loss: string, eta: string) =>
    `${phase}: ${done}/${total} runs done, loss ${loss}, ETA ${eta}`,
  stepProgressLine: (phase: string, done: number, total: number, step: number, totalSteps: number, tokensPerSecond: string, loss: string, runEta: string, phaseEta: string) =>
    `${phase}: ${done}/${total} runs done; current run at step ${step}/${totalSteps}, ${tokensPerSecond} tokens/s, loss ${loss}, ETA run ${runEta}, ${phase} ${phaseEta}`,
  runFailed: (runId: string, status: string, reason: string) => `run ${runId} ${status}: ${reason}`,
  selected: (group: string, trial: number, metric: string, score: number | null) =>
    `selected ${groupName(group)}: trial ${trial} (dev ${metric} = ${score === null ? 'undefined' : score.toPrecision(4)})`,
  noSelection: (group: string) => `no configuration selected for ${groupName(group)}: every trial failed; its final runs are not run.`,
  stopping: (signal: string) =>
    `${signal}: stopping after the current step; what finished is kept. ${signal === 'SIGINT' ? 'Press Ctrl-C again' : 'Send it again'} (after a second) to exit at once.`,
  forcedExit: (signal: string) =>
    `${signal} while stopping: exiting now; the runs in flight are abandoned and the results lock released. Rerun the same command to resume.`,
  interrupted: (done: number) => `interrupted: ${done} finished run${done === 1 ? '' : 's'} recorded; rerun the same command to resume.`,
  summary: (dir: string, ok: number, failed: number, skipped: number) =>
    `results in ${dir}: ${ok} ok, ${failed} failed${skipped > 0 ? `, ${skipped} skipped (already done)` : ''}`,
  summaryFailedHint: () => 'some runs failed (see the lines above, or "status"/"failure" in their result files); rerun with --retry-failed to retry only those.',
  reportWritten: (dir: string) => `report written to ${dir}`,
  noReportStage: (dir: string) => `results are in ${dir}; run \`reftbench report ${dir}\` to build the report.`,
};
