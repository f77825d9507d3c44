/** User-facing messages of the plan stage (`reftbench plan`, `reftbench bench`). */
export const planMessages = {
  planUsage: [
    'usage: reftbench plan <suite.json> [--json] [--backend ort|torch|auto] [--data-dir DIR] [--results DIR]',
    '',
    'Validates the suite and prints its plan: per model × task × method the trials, seeds, trainable',
    'parameters (paper % and peft %), steps from the compute rule, real tokens per step, FLOPs per run and in total.',
    'It prepares the models and data as `reftbench run` does (cached), so tokens and FLOPs count the real',
    'tokens of each run\'s batches; without the data it counts maxLength tokens per example and says so.',
    'It ends with an estimated wall time per phase on this machine, at the rate of each model × task × method:',
    'read from the finished runs of the results folder (--results DIR, default results/<suite name>) where it',
    'holds some, otherwise from training steps timed once through the backend (cached per machine); and, when',
    'the folder holds finished runs, the time still to go. --json prints the whole plan, with every run spec,',
    'as JSON, and times nothing.',
    '--backend plans for that backend instead of the suite\'s preference (as `reftbench run --backend` would run it;',
    'run ids include the backend, so they match the result files only for the same choice).',
  ].join('\n'),
  benchUsage: [
    'usage: reftbench bench <suite.json> [--results DIR] [--data-dir DIR] [--jobs N] [--retry-failed] [--json]',
    '                       [--backend ort|torch|auto] [--run-timeout S]',
    '',
    'Runs a suite end to end: validate, plan, run (trials on dev, selection, finals on test; resumable),',
    'then writes the report to reports/<suite>/. The options are those of `reftbench run`.',
    'To see what a suite will run without running it: `reftbench plan <suite.json>`.',
  ].join('\n'),
  budgetUnreachable: (method: string, model: string, attempts: number, limit: number) =>
    `method "${method}" drew ${attempts} configurations on model "${model}" without one under the parameter budget of ${limit.toLocaleString('en-US')}; most of its search space is over budget. Shrink the space (rank, layers, targets) or raise budget.params.`,
  gridTooLarge: (method: string, points: number, trials: number) =>
    `method "${method}" has ${points} grid points but every method gets ${trials} trials; shrink its grid (fewer gridPoints or values) to at most ${trials} points or raise tuning.trials. Run \`reftbench validate\` on the suite first.`,
  gridOverBudget: (method: string, model: string, limit: number) =>
    `every grid point of method "${method}" is over the parameter budget of ${limit.toLocaleString('en-US')} on model "${model}"; shrink the grid or raise budget.params.`,
  calibrating: (model: string, task: string, kind: string, backend: string, steps: number, seconds: number) =>
    `timing ${kind} training steps of ${model} on ${task} with ${backend} (at least ${steps} steps and ${seconds} s after the first; once per model, task, method and machine; the rate is cached)…`,
  timeEstimate: (device: string, trials: string, finals: string, total: string, sources: { results: number; timed: number; cache: number }, resultsDir: string) =>
    `estimated wall time here (${device}, the runs' times added up, at the rate of each model × task × method: ${sources.results} from the finished runs in ${resultsDir} (whole runs, evaluation included), ${sources.timed} timed now and ${sources.cache} from the cache (training steps only)): trials ${trials}, finals ${finals}, total ${total}`,
  timeLeft: (left: number, runs: number, done: number, resultsDir: string, trials: string, finals: string, total: string) =>
    `still to run: ${left.toLocaleString('en-US')} of ${runs.toLocaleString('en-US')} runs (${done.toLocaleString('en-US')} finished in ${resultsDir}): trials ${trials}, finals ${finals}, total ${total}`,
  resultsFolderRefused: (resultsDir: string, file: string, difference: string) =>
    `nothing in ${resultsDir} counts as finished: it holds results of another suite or suite version (${file} ${difference}), so \`run\` would refuse that folder; give \`run\` a fresh one (--results)`,
  noTimeEstimate: (why: string) => `no wall-time estimate: ${why}`,
  gpuTimeEstimate: (device: string, file: string, trials: string, finals: string, total: string) =>
    `on an ${device} at the throughput measured in ${file} (a 1B-parameter model; smaller ones reach less, so at least): trials ${trials}, finals ${finals}, total ${total}`,
  confirmLongRun: (estimate: string, threshold: string, resumed: boolean) =>
    `${resumed ? 'the rest of this suite' : 'this suite'} is estimated to take ${estimate} here (over ${threshold}). Start it? A smaller suite (fewer trials, seeds or examples), or a GPU with --backend torch, is faster. [y/N] `,
  longRunGoesOn: (estimate: string, resumed: boolean) =>
    `note: ${resumed ? 'the rest of this suite' : 'this suite'} is estimated to take ${estimate} here; starting anyway (no terminal to ask). Ctrl-C stops it, keeping what finished; set REFTBENCH_CONFIRM_OVER (seconds) to change when this is said.`,
  longRunDeclined: () => 'nothing was run.',
  tokensEstimated: (why: string) =>
    `note: the data could not be prepared here (${why}), so tokens and FLOPs count every training example at maxLength tokens: steps under a tokens or FLOPs rule, and the run ids, may differ from what \`reftbench run\` plans once the data is there.`,
  noBatches: (file: string, task: string, method: string, problem: string) =>
    `${file}: /training/lastBatch: task "${task}", method "${method}": ${problem}. Use lastBatch "keep" or "fill", a smaller batchSize, or more training examples.`,
  tooManyRuns: (runs: number, limit: number) =>
    `the suite expands to ${runs.toLocaleString('en-US')} runs, above the planner's limit of ${limit.toLocaleString('en-US')}; reduce trials, seeds, models, tasks or methods.`,
  tableTitle: (suite: string, hash: string) => `plan for suite "${suite}" (suite hash ${hash})`,
  protocol: (strategy: string, trials: number, seeds: readonly number[], rule: string) =>
    `tuning: ${strategy}, ${trials} trial${trials === 1 ? '' : 's'} per method on dev; finals: ${seeds.length} seed${seeds.length === 1 ? '' : 's'} (${seeds.join(', ')}) on test; compute: ${rule}`,
  /** The plan header's compute rule when some tasks have their own (tasks[].compute). */
  suiteRuleExcept: (rule: string, own: readonly string[], tasks: number) =>
    `${rule}, except ${own.length === tasks ? 'every task' : `${own.length} of ${tasks} tasks`}: ${own.join(', ')} ${own.length === 1 ? 'has its' : 'have their'} own rule (shown above ${own.length === 1 ? 'its blocks' : 'their blocks'})`,
  groupHeading: (model: string, task: string, base: string, head: string) =>
    `model ${model} × task ${task} — base model ${base} parameters; task head ${head} (trained by every method, not in the %)`,
  budgetHeading: (level: number | undefined, rule: string) => `  budget${level === undefined ? '' : ` (ladder level ${level + 1})`}: ${rule}`,
  totals: (trialRuns: number, finalRuns: number, trialFlops: string, finalFlops: string) =>
    `total: ${trialRuns.toLocaleString('en-US')} trial runs (${trialFlops} FLOPs) + ${finalRuns.toLocaleString('en-US')} final runs (≈${finalFlops} FLOPs, configs pending selection on dev)`,
  /** The steps cell of a seconds rule's row: no step count is planned. */
  secondsSteps: (seconds: string) => `as many as fit in ${seconds} s`,
  /** FLOPs cells of a seconds rule's row. */
  secondsFlops: 'after the run',
  secondsNote:
    'seconds rule: each run trains until its budget of training time has passed on the machine that runs it, so its steps and FLOPs are known only once it has run (its result records them); the warmup and decay of its lr schedule follow the elapsed fraction of the budget.',
  totalsWithSeconds: (trialRuns: number, finalRuns: number, secondsRuns: number, trialFlops: string, finalFlops: string) =>
    secondsRuns === trialRuns + finalRuns
      ? `total: ${trialRuns.toLocaleString('en-US')} trial runs + ${finalRuns.toLocaleString('en-US')} final runs (configs pending selection on dev), all under a seconds rule`
      : `total: ${trialRuns.toLocaleString('en-US')} trial runs + ${finalRuns.toLocaleString('en-US')} final runs (configs pending selection on dev); without the ${secondsRuns.toLocaleString('en-US')} runs under a seconds rule: ${trialFlops} FLOPs of trials + ≈${finalFlops} FLOPs of finals`,
};
