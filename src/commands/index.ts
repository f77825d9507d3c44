/**
 * The command table: the only way a command reaches the CLI. Add a command by adding its module here.
 */
import type { Command } from './command.ts';
import { validateCommand } from './validate.ts';
import { planCommand } from './plan.ts';
import { benchCommand } from './bench.ts';
import { runCommand } from './run.ts';
import { modelCommand } from './model.ts';
import { reportCommand } from './report.ts';
import { checkCommand } from './check.ts';
import { dataCommand } from './data.ts';

export const commands: readonly Command[] = [
  validateCommand,
  planCommand,
  benchCommand,
  runCommand,
  modelCommand,
  reportCommand,
  checkCommand,
  dataCommand,
];
