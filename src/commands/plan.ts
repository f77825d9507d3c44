/**
 * `reftbench plan <suite.json> [--json] [--backend ort|torch|auto] [--data-dir DIR]`: the plan as a
 * table (or JSON with every run spec); runs nothing. Like `run`, it prepares the suite's models and
 * data first (tokenization is cached), so tokens and FLOPs rules count the real tokens of each run's
 * batch schedule and the run ids are the runner's file names; when the data or a model cannot be
 * had here, it plans with every example counted at maxLength tokens and says so.
 */
import { dirname, resolve } from 'node:path';
import type { Backend, BackendName } from '../backends/backend.ts';
import { openBackend, resolveBackendChoice } from '../backends/registry.ts';
import { resolveDataLocations } from '../data/locations.ts';
import { isUserError } from '../errors.ts';
import { calibratePlan, estimatePlanTime } from '../run/calibrate.ts';
import { gpuPlanTime, measuredGpuRates } from '../run/gpu-rates.ts';
import { prepareInputs, trainLengthsOf, type PreparedInputs } from '../run/prepare-inputs.ts';
import { fits } from '../suite/semantic-check.ts';
import { planMessages } from '../messages/index.ts';
import { buildPlan } from '../plan/build-plan.ts';
import { formatPlan } from '../plan/format-plan.ts';
import type { Plan } from '../plan/plan-types.ts';
import { loadSuite, type LoadedSuite } from '../suite/load-suite.ts';
import type { Command, CommandIO } from './command.ts';
import { formatDuration } from './format-duration.ts';
import { parseSuiteArgs } from './suite-args.ts';

/** The estimated wall time per phase on this machine, from the backend's measured (or cached) rates. */
async function wallTimeLine(loaded: LoadedSuite, plan: Plan, inputs: PreparedInputs | undefined, backendName: BackendName, unprepared: string | undefined, io: CommandIO): Promise<string> {
  if (inputs === undefined) return planMessages.noTimeEstimate(`the models and data are not here (${unprepared ?? 'not prepared'})`);
  let backend: Backend;
  try {
    backend = await openBackend(backendName);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return planMessages.noTimeEstimate(error.message);
  }
  try {
    const { rates, measured, cached } = await calibratePlan(loaded, plan, inputs, backend, (model, kind) => io.err(planMessages.calibrating(model, kind, backend.name)));
    const time = estimatePlanTime(plan, rates);
    if (time === undefined) return planMessages.noTimeEstimate(`a model × method of this plan could not be timed on ${backend.name}`);
    return planMessages.timeEstimate(`${backend.name}, ${backend.device()}`, formatDuration(time.trialsSeconds), formatDuration(time.finalsSeconds), formatDuration(time.trialsSeconds + time.finalsSeconds), measured, cached);
  } finally {
    await backend.close();
  }
}

export const planCommand: Command = {
  name: 'plan',
  usage: planMessages.planUsage,
  async run(args, io) {
    const { suite, json, backend, dataDir } = parseSuiteArgs('plan', args, true, true);
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
    io.out(json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    if (estimated !== undefined) io.err(planMessages.tokensEstimated(estimated));
    if (!json) {
      io.out(await wallTimeLine(loaded, plan, inputs, backendName, estimated, io));
      for (const gpu of measuredGpuRates()) {
        const time = gpuPlanTime(plan, gpu);
        io.out(planMessages.gpuTimeEstimate(gpu.device, gpu.file, formatDuration(time.trialsSeconds), formatDuration(time.finalsSeconds), formatDuration(time.trialsSeconds + time.finalsSeconds)));
      }
    }
    return 0;
  },
};
