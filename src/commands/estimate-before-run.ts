/**
 * Before `run` and `bench` start: how long what is left of the suite will take here. A plan whose
 * FLOPs could not reach the confirmation threshold even at a slow rate (`SLOWEST_FLOPS_PER_SECOND`)
 * starts at once with nothing timed; any other is estimated as `plan` estimates it
 * (src/commands/time-estimate.ts: the finished runs of the results folder are left out, and give
 * the rates where they can), and its estimate printed. When the runs still to go take longer than
 * the threshold (2 hours by default, REFTBENCH_CONFIRM_OVER seconds), a terminal is asked whether to
 * go on; without a terminal the run goes on and says so.
 */
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { openBackend, resolveBackendChoice } from '../backends/registry.ts';
import { resolveDataLocations } from '../data/locations.ts';
import { isUserError } from '../errors.ts';
import { planMessages } from '../messages/index.ts';
import { buildPlan } from '../plan/build-plan.ts';
import type { PipelineOptions } from '../run/bench-pipeline.ts';
import { prepareInputs, trainLengthsOf } from '../run/prepare-inputs.ts';
import { loadSuite } from '../suite/load-suite.ts';
import { fits } from '../suite/semantic-check.ts';
import type { CommandIO } from './command.ts';
import { formatDuration } from './format-duration.ts';
import { timeEstimate } from './time-estimate.ts';

/** A rate no backend on any machine falls below (a tiny model on one slow core is about 1e9). */
export const SLOWEST_FLOPS_PER_SECOND = 2e8;
export const DEFAULT_CONFIRM_OVER_SECONDS = 2 * 3600;

/** Asks a yes/no question on the terminal; undefined when there is none to ask. */
export type Ask = (question: string) => Promise<boolean | undefined>;

export const askOnTerminal: Ask = async (question) => {
  if (process.stdin.isTTY !== true || process.stderr.isTTY !== true) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
};

/**
 * Prints the estimate when the suite may be long; returns false when the user chose not to start.
 * Problems with the suite, data or backend are left for the run itself to report.
 */
export async function estimateBeforeRun(options: PipelineOptions, io: CommandIO, ask: Ask = askOnTerminal): Promise<boolean> {
  const threshold = Number(io.env.REFTBENCH_CONFIRM_OVER ?? DEFAULT_CONFIRM_OVER_SECONDS);
  try {
    const loaded = loadSuite(options.suiteFile, io.cwd);
    const backendName = resolveBackendChoice(options.backend ?? loaded.suite.backend?.prefer ?? 'auto');
    const rough = buildPlan(loaded, { backend: backendName });
    if ((rough.totals.trialFlops + rough.totals.finalFlopsEstimate) / SLOWEST_FLOPS_PER_SECOND < threshold) return true;
    const where = resolveDataLocations(io.env, io.cwd, options.dataDir);
    const inputs = await prepareInputs(loaded, where, dirname(resolve(io.cwd, options.suiteFile)), (model, task) => fits(model.family, task.type), (line) => io.err(line));
    const plan = buildPlan(loaded, { backend: backendName, trainLengths: trainLengthsOf(inputs) });
    const backend = await openBackend(backendName);
    // the folder the pipeline will resume (its default: results/<suite name>)
    const resultsDir = resolve(io.cwd, options.resultsDir ?? `results/${loaded.suite.name}`);
    let estimate: Awaited<ReturnType<typeof timeEstimate>>;
    try {
      estimate = await timeEstimate(loaded, plan, inputs, backend, resultsDir, options.retryFailed ?? false, io);
    } finally {
      await backend.close();
    }
    for (const line of estimate.lines) io.err(line);
    const seconds = estimate.leftSeconds;
    if (seconds === undefined || seconds <= threshold) return true;
    const resumed = estimate.done > 0;
    const answer = await ask(planMessages.confirmLongRun(formatDuration(seconds), formatDuration(threshold), resumed));
    if (answer === undefined) io.err(planMessages.longRunGoesOn(formatDuration(seconds), resumed));
    else if (!answer) {
      io.err(planMessages.longRunDeclined());
      return false;
    }
    return true;
  } catch (error) {
    if (isUserError(error)) return true; // the run reports it, as one message, where it belongs
    throw error;
  }
}
