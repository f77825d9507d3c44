/**
 * Argument parsing shared by `validate` and `plan`: one suite file, an optional --json, and (for
 * `plan`) an optional `--backend ort|torch|auto` naming the backend the plan is made for.
 */
import { parseBackendChoice, type BackendChoice } from '../backends/registry.ts';
import { UserError } from '../errors.ts';
import { cliMessages, runMessages, suiteMessages } from '../messages/index.ts';

export interface SuiteArgs {
  suite: string;
  json: boolean;
  /** Set only when the command line named one (and the command allows it). */
  backend?: BackendChoice;
}

export function parseSuiteArgs(command: string, args: readonly string[], allowJson: boolean, allowBackend = false): SuiteArgs {
  let suite: string | undefined;
  let json = false;
  let backend: BackendChoice | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--json' && allowJson) json = true;
    else if (arg === '--backend' && allowBackend) {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new UserError(runMessages.missingValue(command, arg));
      backend = parseBackendChoice(v);
    } else if (arg.startsWith('-')) throw new UserError(suiteMessages.unknownOption(command, arg));
    else if (suite === undefined) suite = arg;
    else throw new UserError(suiteMessages.extraArgument(command, arg));
  }
  if (suite === undefined) throw new UserError(cliMessages.missingArgument(command, 'a suite file (e.g. suites/quickstart.json)'));
  return backend === undefined ? { suite, json } : { suite, json, backend };
}
