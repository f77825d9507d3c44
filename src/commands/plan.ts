/** `reftbench plan <suite.json> [--json] [--backend ort|torch|auto]`: the plan as a table (or JSON with every run spec); runs nothing. */
import { resolveBackendChoice } from '../backends/registry.ts';
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
    const { suite, json, backend } = parseSuiteArgs('plan', args, true, true);
    const loaded = loadSuite(suite, io.cwd);
    // The backend `reftbench run` would use here (with the same --backend), so the plan's run ids
    // are the runner's file names.
    const plan = buildPlan(loaded, { backend: resolveBackendChoice(backend ?? loaded.suite.backend?.prefer ?? 'auto') });
    io.out(json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    return 0;
  },
};
