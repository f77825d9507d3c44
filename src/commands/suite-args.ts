/**
 * Argument parsing shared by `validate` and `plan`: one suite file, an optional --json, and (for
 * `plan`) an optional `--backend ort|torch|auto` naming the backend the plan is made for.
 */
import { parseBackendChoice, type BackendChoice } from '../backends/registry.ts';
import { UserError } from '../errors.ts';
import { cliMessages, runMessages, suiteMessages } from '../messages/index.ts';
import { parseCommandLine, stringOption, type OptionSpec } from './parse-command-line.ts';

export interface SuiteArgs {
  suite: string;
  json: boolean;
  /** Set only when the command line named one (and the command allows it). */
  backend?: BackendChoice;
  /** `plan --data-dir DIR`: where the GLUE files are (as for `run`). */
  dataDir?: string;
  /** `plan --results DIR`: the results folder whose finished runs the estimate leaves out (as for `run`). */
  resultsDir?: string;
}

export function parseSuiteArgs(command: string, args: readonly string[], allowJson: boolean, allowBackend = false): SuiteArgs {
  const options: Record<string, OptionSpec> = {};
  if (allowJson) options['json'] = { type: 'boolean' };
  if (allowBackend) {
    options['backend'] = { type: 'string' };
    options['data-dir'] = { type: 'string' };
    options['results'] = { type: 'string' };
  }
  const line = parseCommandLine(args, options, {
    command,
    unknownOption: (arg) => suiteMessages.unknownOption(command, arg),
    missingValue: (option) => runMessages.missingValue(command, option),
  });
  const [suite, extra] = line.positionals;
  if (extra !== undefined) throw new UserError(suiteMessages.extraArgument(command, extra));
  if (suite === undefined) throw new UserError(cliMessages.missingArgument(command, 'a suite file (e.g. suites/quickstart.json)'));
  const json = line.values['json'] === true;
  const backend = stringOption(line, 'backend');
  const dataDir = stringOption(line, 'data-dir');
  const resultsDir = stringOption(line, 'results');
  return {
    suite, json, ...(backend === undefined ? {} : { backend: parseBackendChoice(backend) }), ...(dataDir === undefined ? {} : { dataDir }),
    ...(resultsDir === undefined ? {} : { resultsDir }),
  };
}
