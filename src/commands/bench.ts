/**
 * `reftbench bench <suite.json>`: the whole pipeline (validate → plan → run → report). Until the
 * runner exists it validates, prints the plan and says that nothing ran.
 */
import { planMessages } from '../messages/index.ts';
import { buildPlan } from '../plan/build-plan.ts';
import { formatPlan } from '../plan/format-plan.ts';
import { loadSuite } from '../suite/load-suite.ts';
import type { Command } from './command.ts';
import { parseSuiteArgs } from './suite-args.ts';

export const benchCommand: Command = {
  name: 'bench',
  summary: 'run a suite end to end (for now: validate and print the plan)',
  usage: planMessages.benchUsage,
  async run(args, io) {
    const { suite, json } = parseSuiteArgs('bench', args, true);
    const plan = buildPlan(loadSuite(suite, io.cwd));
    io.out(json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    io.err(planMessages.benchNoRunner());
    return 0;
  },
};
