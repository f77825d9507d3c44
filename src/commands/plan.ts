/**
 * `reftbench plan <suite.json> [--json] [--backend ort|torch|auto] [--data-dir DIR] [--results DIR]`:
 * the plan as a table (or JSON with every run spec); runs nothing. Like `run`, it prepares the
 * suite's models and data first (tokenization is cached), so tokens and FLOPs rules count the real
 * tokens of each run's batch schedule and the run ids are the runner's file names; when the data or
 * a model cannot be had here, it plans with every example counted at maxLength tokens and says so.
 * The table ends with the estimated wall time (src/commands/time-estimate.ts) of the whole plan and,
 * when the results folder (`run`'s default, results/<suite name>, or --results) holds finished runs
 * of it, of the runs still to go.
 */
import { dirname, resolve } from 'node:path';
import type { Backend, BackendName } from '../backends/backend.ts';
import { openBackend, resolveBackendChoice } from '../backends/registry.ts';
import { resolveDataLocations } from '../data/locations.ts';
import { isUserError } from '../errors.ts';
import { gpuPlanTime, measuredGpuRates } from '../run/gpu-rates.ts';
import { prepareInputs, trainLengthsOf, type PreparedInputs } from '../run/prepare-inputs.ts';
import { fits } from '../suite/semantic-check.ts';
import { planMessages } from '../messages/index.ts';
import { buildPlan } from '../plan/build-plan.ts';
import { planJson } from '../plan/plan-json.ts';
import { formatPlan } from '../plan/format-plan.ts';
import type { Plan } from '../plan/plan-types.ts';
import { loadSuite, type LoadedSuite } from '../suite/load-suite.ts';
import type { Command, CommandIO } from './command.ts';
import { formatDuration } from './format-duration.ts';
import { parseSuiteArgs } from './suite-args.ts';
import { timeEstimate } from './time-estimate.ts';

/** The estimated wall time on this machine, from finished results or the backend's measured (or cached) rates. */
async function wallTimeLines(loaded: LoadedSuite, plan: Plan, inputs: PreparedInputs | undefined, backendName: BackendName, unprepared: string | undefined, resultsDir: string, io: CommandIO): Promise<string[]> {
  if (inputs === undefined) return [planMessages.noTimeEstimate(`the models and data are not here (${unprepared ?? 'not prepared'})`)];
  let backend: Backend;
  try {
    backend = await openBackend(backendName);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return [planMessages.noTimeEstimate(error.message)];
  }
  try {
    return (await timeEstimate(loaded, plan, inputs, backend, resultsDir, false, io)).lines;
  } finally {
    await backend.close();
  }
}

export const planCommand: Command = {
  name: 'plan',
  usage: planMessages.planUsage,
  async run(args, io) {
    const { suite, json, backend, dataDir, resultsDir } = parseSuiteArgs('plan', args, true, true);
    const loaded = loadSuite(suite, io.cwd);
    // The backend `reftbench run` would use here (with the same --backend), so the plan's run ids
    // are the runner's file names.
    const backendName = resolveBackendChoice(backend ?? loaded.suite.backend?.prefer ?? 'auto');
    buildPlan(loaded, { backend: backendName }); // a suite the planner refuses stops before any data is prepared
    let inputs: PreparedInputs | undefined;
    let estimated: string | undefined;
    try {
      const where = resolveDataLocations(io.env, io.cwd, dataDir);
      inputs = await prepareInputs(loaded, where, dirname(resolve(io.cwd, suite)), (model, task) => fits(model.family, task.type), (line) => io.err(line));
    } catch (error) {
      if (!isUserError(error)) throw error;
      estimated = error.message.split('\n')[0];
    }
    const plan = buildPlan(loaded, { backend: backendName, ...(inputs === undefined ? {} : { trainLengths: trainLengthsOf(inputs) }) });
    io.out(json ? JSON.stringify(planJson(plan), null, 2) : formatPlan(plan));
    if (estimated !== undefined) io.err(planMessages.tokensEstimated(estimated));
    if (!json) {
      // the folder `run` would resume (bench-pipeline.ts's default)
      const results = resolve(io.cwd, resultsDir ?? `results/${loaded.suite.name}`);
      for (const line of await wallTimeLines(loaded, plan, inputs, backendName, estimated, results, io)) io.out(line);
      for (const gpu of measuredGpuRates()) {
        const time = gpuPlanTime(plan, gpu);
        io.out(planMessages.gpuTimeEstimate(gpu.device, gpu.file, formatDuration(time.trialsSeconds), formatDuration(time.finalsSeconds), formatDuration(time.trialsSeconds + time.finalsSeconds)));
      }
    }
    return 0;
  },
};
