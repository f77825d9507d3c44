/**
 * Child process for test/run/signals.test.ts: takes the results lock of <dir>, installs the runner's
 * signal handling, prints "ready", then never finishes (a runner stuck in a run), printing
 * "aborted <exit code>" when its stop signal is aborted.
 *   node --import tsx test/run/signals-child.ts <dir>
 */
import { acquireDirectoryLock } from '../../src/run/lock.ts';
import { interruptedExitCode, stopOnSignals } from '../../src/run/signals.ts';

const controller = new AbortController();
await acquireDirectoryLock(process.argv[2]!);
stopOnSignals(controller);
controller.signal.addEventListener('abort', () => process.stdout.write(`aborted ${interruptedExitCode(controller.signal)}\n`));
setInterval(() => undefined, 1000);
process.stdout.write('ready\n');
