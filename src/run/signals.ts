/**
 * Ctrl-C, SIGTERM and SIGHUP (the terminal closed) while the runner works. The first signal is
 * acknowledged at once on stderr and aborts the runner's stop signal with
 * an `Interruption` (no new run starts, the ones in flight are abandoned, what finished is kept,
 * the lock is released) and the command exits with 128 + the signal's number (SIGINT 130, SIGTERM
 * 143). A repeat within `REPEAT_GRACE_MS` of the first is the same interruption — GNU `timeout`
 * signals the process and then its process group, so one stop arrives as two signals. A repeat
 * after that exits at once (128 + its number), after releasing the results lock synchronously;
 * results are written atomically, so no result is left half-written. A reader that closes the
 * runner's stdout (`reftbench run --json | head`) is the same kind of stop, as SIGPIPE (exit 141):
 * the CLI calls `stopActiveRuns` on EPIPE instead of exiting with the lock held.
 */
import { constants } from 'node:os';
import { writeSync } from 'node:fs';
import { runMessages } from '../messages/index.ts';
import { releaseHeldLocksSync } from './lock.ts';

/** How long after the first signal a repeated one counts as the same interruption. */
export const REPEAT_GRACE_MS = 1000;

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type StopSignal = (typeof SIGNALS)[number] | 'SIGPIPE';

/** The reason the stop signal carries: which signal stopped the runner, and the exit code it means. */
export class Interruption extends Error {
  readonly exitCode: number;

  constructor(readonly signal: StopSignal) {
    super(`received ${signal}`);
    this.exitCode = 128 + constants.signals[signal];
  }
}

/** The exit code of a runner stopped by `stop`: 128 + the signal's number; 130 when aborted by other means. */
export function interruptedExitCode(stop: AbortSignal | undefined): number {
  return stop?.reason instanceof Interruption ? stop.reason.exitCode : 130;
}

/** What the handler touches, replaceable in tests. */
export interface SignalDeps {
  source: { on(event: StopSignal, listener: (signal: StopSignal) => void): unknown; off(event: StopSignal, listener: (signal: StopSignal) => void): unknown };
  now(): number;
  releaseLocks(): void;
  warn(text: string): void;
  exit(code: number): void;
}

const processDeps: SignalDeps = {
  source: process,
  now: () => performance.now(),
  releaseLocks: releaseHeldLocksSync,
  warn: (text) => {
    try {
      writeSync(2, `${text}\n`);
    } catch {
      // stderr is gone: exit regardless
    }
  },
  exit: (code) => process.exit(code),
};

/** The controllers of the runs in progress in this process (those `stopOnSignals` watches). */
const active = new Set<AbortController>();

/**
 * Stops the runs in progress as if `signal` had arrived (for a broken stdout: SIGPIPE, exit 141).
 * Returns whether there was one to stop; an already stopping run counts.
 */
export function stopActiveRuns(signal: StopSignal): boolean {
  for (const controller of active) if (!controller.signal.aborted) controller.abort(new Interruption(signal));
  return active.size > 0;
}

/**
 * Aborted (with its `Interruption`) as soon as a run in progress in this process is stopped; never
 * aborted when none is watched. Work before the runner, such as drawing a tiny model's weights,
 * stops on it.
 */
export function activeRunsStop(): AbortSignal {
  return AbortSignal.any([...active].map((controller) => controller.signal));
}

/** Aborts `controller` on the first SIGINT, SIGTERM or SIGHUP, as described above. Returns the uninstaller. */
export function stopOnSignals(controller: AbortController, deps: SignalDeps = processDeps): () => void {
  let first: { signal: StopSignal; at: number } | undefined;
  const handler = (signal: StopSignal) => {
    if (first === undefined) {
      first = { signal, at: deps.now() };
      deps.warn(runMessages.stopping(signal));
      controller.abort(new Interruption(signal));
      return;
    }
    if (deps.now() - first.at < REPEAT_GRACE_MS) return;
    deps.releaseLocks();
    deps.warn(runMessages.forcedExit(signal));
    deps.exit(new Interruption(signal).exitCode);
  };
  for (const name of SIGNALS) deps.source.on(name, handler);
  active.add(controller);
  return () => {
    active.delete(controller);
    for (const name of SIGNALS) deps.source.off(name, handler);
  };
}
