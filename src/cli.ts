/**
 * reftbench's command line. The pipeline (see DESIGN.md) reads as its commands:
 *   1. validate  suites/*.json → Suite          (src/suite/)
 *   2. plan      Suite → Plan                   (src/plan/)
 *   3. run       Plan → results/<suite>/*.json  (src/run/, src/backends/)
 *   4. report    results → reports/<suite>/     (src/report/)
 *   5. check     report + baseline → exit code  (src/check/)
 * `bench` chains 1–4.
 */
import { commands } from './commands/index.ts';
import type { CommandIO } from './commands/command.ts';
import { diskProblem } from './commands/disk-errors.ts';
import { asksForHelp } from './commands/parse-command-line.ts';
import { isUserError } from './errors.ts';
import { harnessVersion } from './harness-version.ts';
import { cliMessages } from './messages/index.ts';
import { stopActiveRuns } from './run/signals.ts';

function helpText(): string {
  const width = Math.max(0, ...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['usage: reftbench <command> [options]', '', 'commands:', ...lines, '', 'reftbench help <command> (or reftbench <command> --help) shows its options; reftbench --version prints the version.'].join('\n');
}

/** `--help` or `-h` as the command word asks for the general help. */
const isHelpFlag = (arg: string): boolean => arg === '--help' || arg === '-h';

/** `reftbench help [command]`: the general help, or one command's usage; exit 2 for a name that is no command. */
async function showHelp(topic: string | undefined, io: CommandIO): Promise<number> {
  if (topic === undefined || topic === 'help' || isHelpFlag(topic)) {
    io.out(helpText());
    return 0;
  }
  const target = commands.find((c) => c.name === topic);
  if (!target) {
    io.err(cliMessages.notACommand(topic, commands.map((c) => c.name)));
    return 2;
  }
  io.out((await target.load()).usage);
  return 0;
}

export async function main(argv: string[], io: CommandIO): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || isHelpFlag(name)) return showHelp(rest[0], io);
  if (name === '--version' || name === '-V') {
    io.out(cliMessages.version(harnessVersion()));
    return 0;
  }
  const entry = commands.find((c) => c.name === name);
  if (!entry) {
    io.err(cliMessages.unknownCommand(name, commands.map((c) => c.name)));
    return 2;
  }
  try {
    const command = await entry.load();
    // `--help` or `-h` among a command's options (not after `--`) asks for its usage instead of running it.
    if (asksForHelp(rest)) {
      io.out(command.usage);
      return 0;
    }
    return await command.run(rest, io);
  } catch (error) {
    if (isUserError(error)) {
      io.err(error.message);
      return error.exitCode;
    }
    const disk = diskProblem(error);
    if (disk !== undefined) {
      io.err(disk);
      return 2;
    }
    throw error;
  }
}

const isEntryPoint = process.argv[1] !== undefined && /reftbench(\.mjs)?$|cli\.ts$/.test(process.argv[1]);
if (isEntryPoint) {
  // A reader that stops early (`reftbench plan … --json | head`) closes the pipe: that is the
  // reader's choice, not a failure, so the command ends quietly as `cat` would. A run in progress
  // (`run --json | head`) is stopped as by SIGPIPE instead: it records what finished, releases its
  // lock and exits 141, rather than exiting at once with the lock held.
  let stoppingForPipe = false;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    if (stoppingForPipe) return;
    if (stopActiveRuns('SIGPIPE')) {
      stoppingForPipe = true;
      return;
    }
    process.exit(process.exitCode ?? 0);
  });
  const io: CommandIO = {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    cwd: process.cwd(),
    env: process.env,
  };
  process.exitCode = await main(process.argv.slice(2), io);
}
