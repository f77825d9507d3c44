/** `reftbench plan <suite.json> [--json]`: the plan as a table (or JSON with every run spec); runs nothing. */
import { planMessages } from '../messages/index.ts';
import { buildPlan } from '../plan/build-plan.ts';
import { formatPlan } from '../plan/format-plan.ts';
import { loadSuite } from '../suite/load-suite.ts';
import type { Command } from './command.ts';
import { parseSuiteArgs } from './suite-args.ts';

export const planCommand: Command = {
  name: 'plan',
  summary: 'print what a suite will run: trials, seeds, trainable params, steps, FLOPs',
  usage: planMessages.planUsage,
  async run(args, io) {
    const { suite, json } = parseSuiteArgs('plan', args, true);
    const plan = buildPlan(loadSuite(suite, io.cwd));
    io.out(json ? JSON.stringify(plan, null, 2) : formatPlan(plan));
    return 0;
  },
};
