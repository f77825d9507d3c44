/** Argument parsing shared by `validate`, `plan` and `bench`: one suite file and an optional --json. */
import { UserError } from '../errors.ts';
import { cliMessages, suiteMessages } from '../messages/index.ts';

export interface SuiteArgs {
  suite: string;
  json: boolean;
}

export function parseSuiteArgs(command: string, args: readonly string[], allowJson: boolean): SuiteArgs {
  let suite: string | undefined;
  let json = false;
  for (const arg of args) {
    if (arg === '--json' && allowJson) json = true;
    else if (arg.startsWith('-')) throw new UserError(suiteMessages.unknownOption(command, arg));
    else if (suite === undefined) suite = arg;
    else throw new UserError(suiteMessages.extraArgument(command, arg));
  }
  if (suite === undefined) throw new UserError(cliMessages.missingArgument(command, 'a suite file (e.g. suites/quickstart.json)'));
  return { suite, json };
}
