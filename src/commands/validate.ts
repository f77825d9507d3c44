/** `reftbench validate <suite.json>`: every problem of a suite at once, exit 0 when valid, 2 when not; warnings (seeds that cannot reach significance) on stderr, exit 0. */
import { suiteMessages } from '../messages/index.ts';
import { loadSuite } from '../suite/load-suite.ts';
import { seedsWarning } from '../suite/seeds-warning.ts';
import type { Command } from './command.ts';
import { parseSuiteArgs } from './suite-args.ts';

export const validateCommand: Command = {
  name: 'validate',
  usage: suiteMessages.validateUsage,
  async run(args, io) {
    const { suite } = parseSuiteArgs('validate', args, false);
    const loaded = loadSuite(suite, io.cwd);
    const s = loaded.suite;
    io.out(suiteMessages.valid(loaded.file, s.models.length, s.tasks.length, s.methods.length));
    const warning = seedsWarning(s);
    if (warning) io.err(suiteMessages.warning(loaded.file, warning.pointer, warning.text));
    return 0;
  },
};
