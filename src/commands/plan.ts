/**
 * `reftbench plan <suite.json> [--json] [--backend ort|torch|auto] [--data-dir DIR]`: the plan as a
 * table (or JSON with every run spec); runs nothing. Like `run`, it prepares the suite's models and
 * data first (tokenization is cached), so tokens and FLOPs rules count the real tokens of each run's
 * batch schedule and the run ids are the runner's file names; when the data or a model cannot be
 * had here, it plans with every example counted at maxLength tokens and says so.
 */
import { dirname, resolve } from 'node:path';
import { resolveBackendChoice } from '../backends/registry.ts';
import { resolveDataLocations } from '../data/locations.ts';
import { isUserError } from '../errors.ts';
import { prepareInputs, trainLengthsOf } from '../run/prepare-inputs.ts';
import { fits } from '../suite/semantic-check.ts';
import { planMessages } from '../messages/index.ts';
import { buildPlan } from '../plan/build-plan.ts';
import { formatPlan } from '../plan/format-plan.ts';
import { loadSuite } from '../suite/load-suite.ts';
import type { Command } from './command.ts';
import { parseSuiteArgs } from './suite-args.ts';

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
    let trainLengths: ReturnType<typeof trainLengthsOf> | undefined;
    let estimated: string | undefined;
    try {
      const where = resolveDataLocations(io.env, io.cwd, dataDir);
      trainLengths = trainLengthsOf(await prepareInputs(loaded, where, dirname(resolve(io.cwd, suite)), (model, task) => fits(model.family, task.type)));
    } catch (error) {
      if (!isUserError(error)) throw error;
      estimated = error.message.split('\n')[0];
    }
    const plan = buildPlan(loaded, { backend: backendName, ...(trainLengths === undefined ? {} : { trainLengths }) });
    io.out(json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    if (estimated !== undefined) io.err(planMessages.tokensEstimated(estimated));
    return 0;
  },
};
