/**
 * A served torch worker: one `python -m reftbench_worker --serve` process
 * (src/backends/torch/reftbench_worker/serve.py) that runs one run after another, so Python, torch
 * and transformers start once per device (or job) instead of once per run. Each run is one request
 * line on its stdin; its events come back on stdout exactly as a one-run worker writes them,
 * followed by `{"worker":"done","code":C}`. The worker puts its process-wide settings back and
 * every run seeds its generators from its spec, so a run's results do not depend on the runs
 * before it (test/backends/torch/python/test_serve.py).
 *
 * A run that does not end cleanly ends the process (the worker exits after a failed request; a
 * crash or a stray stdout line kills it here), so the run is recorded failed and the next run gets
 * a fresh process. Aborting a run (Ctrl-C, its time limit) kills the process at once (SIGTERM, then
 * SIGKILL after 5 s) and rejects with the abort's reason. While idle the process does not keep
 * the command alive, and it is killed when the command exits however it exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { torchMessages } from '../../messages/index.ts';
import { REPO_ROOT } from '../../repo-root.ts';
import { killOnExit } from '../kill-on-exit.ts';
import type { BackendEvent } from '../../types/events.ts';
import { EventCollector, findTorchPython, settleOutcome, STDERR_TAIL_LINES, TailBuffer, workerEnv, type TorchRunOutcome, type WorkerEnd } from './adapter.ts';

/** The line serve.py writes on stderr before each request's own output (`--- request N ---`). */
const REQUEST_MARK = /^reftbench_worker: --- request \d+ ---$/;
/** How long an aborted run's worker has after SIGTERM before SIGKILL. */
const KILL_AFTER_MS = 5000;
/** How long a closing worker has to end by itself after its stdin closed. */
const CLOSE_GRACE_MS = 1000;
/** How long the worker's pipes may stay open after it exited. */
const PIPES_AFTER_EXIT_MS = 2000;

export interface ServedRunOptions {
  /** The run spec file (schemas/run-spec.schema.json). */
  specPath: string;
  /** Aborting kills the worker and rejects with the abort's reason. */
  signal?: AbortSignal;
  /** Called for every event as it arrives. */
  onEvent?: (event: BackendEvent) => void;
}

interface Pending {
  options: ServedRunOptions;
  events: EventCollector;
  /** The code the worker reported with its done line (undefined: none yet). */
  done: number | undefined;
  resolve(outcome: TorchRunOutcome): void;
  reject(error: unknown): void;
  cleanup(): void;
}

export class TorchWorkerProcess {
  private readonly proc: ChildProcess;
  private readonly stderr = new TailBuffer(STDERR_TAIL_LINES);
  private stderrPartial = '';
  private pending: Pending | undefined;
  private ended: WorkerEnd | undefined;
  private startError: string | undefined;
  private readonly exited: Promise<void>;
  /** Runs this process has finished cleanly. */
  runs = 0;

  /** Starts a served worker with `env` (REFTBENCH_PYTHON overrides the interpreter). */
  constructor(rootDir: string = REPO_ROOT, env: NodeJS.ProcessEnv = process.env) {
    const python = findTorchPython(rootDir, env);
    this.proc = spawn(python, ['-m', 'reftbench_worker', '--serve'], { cwd: rootDir, env: workerEnv(rootDir, env), stdio: ['pipe', 'pipe', 'pipe'] });
    killOnExit(this.proc);
    this.proc.on('error', (error: NodeJS.ErrnoException) => {
      // Not started (ENOENT, EACCES): the run that asked is failed with the reason; 'close' follows.
      this.startError ??= torchMessages.startFailed(python, error.code ?? error.message);
    });
    this.proc.stdin!.on('error', () => undefined); // a write to a worker that just died: its close settles the run
    this.proc.stderr!.setEncoding('utf8');
    this.proc.stderr!.on('data', (chunk: string) => {
      const lines = (this.stderrPartial + chunk).split('\n');
      this.stderrPartial = lines.pop() ?? '';
      for (const line of lines) {
        // Only what follows a request's mark is that run's stderr tail.
        if (REQUEST_MARK.test(line)) this.stderr.clear();
        else this.stderr.push(`${line}\n`);
      }
    });
    createInterface({ input: this.proc.stdout!, crlfDelay: Infinity }).on('line', (line) => this.onLine(line));
    let pipesTimer: NodeJS.Timeout | undefined;
    this.proc.once('exit', () => {
      // Its output ends with it, unless a process it started holds the pipes: then stop waiting.
      pipesTimer = setTimeout(() => {
        for (const stream of [this.proc.stdin, this.proc.stdout, this.proc.stderr]) stream?.destroy();
      }, PIPES_AFTER_EXIT_MS);
    });
    this.exited = new Promise((resolve) => {
      this.proc.once('close', (code, signal) => {
        if (pipesTimer !== undefined) clearTimeout(pipesTimer);
        this.stderr.push(this.stderrPartial);
        this.stderrPartial = '';
        this.ended = { exitCode: code ?? undefined, signal: signal ?? undefined };
        this.settle();
        resolve();
      });
    });
    this.idle(true);
  }

  /** True while the process runs and can take another run. */
  get alive(): boolean {
    return this.ended === undefined && this.startError === undefined && this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** Runs one spec on this process; resolves with its outcome as runTorchWorker does. */
  run(options: ServedRunOptions): Promise<TorchRunOutcome> {
    if (this.pending !== undefined) throw new Error('internal: a served torch worker runs one run at a time');
    if (!this.alive) throw new Error('internal: this served torch worker has ended');
    options.signal?.throwIfAborted();
    return new Promise<TorchRunOutcome>((resolve, reject) => {
      const { signal } = options;
      let killTimer: NodeJS.Timeout | undefined;
      const onAbort = () => {
        this.proc.kill('SIGTERM');
        killTimer = setTimeout(() => this.proc.kill('SIGKILL'), KILL_AFTER_MS);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending = {
        options, events: new EventCollector(), done: undefined, resolve, reject,
        cleanup: () => {
          signal?.removeEventListener('abort', onAbort);
          if (killTimer !== undefined) clearTimeout(killTimer);
        },
      };
      this.idle(false);
      this.proc.stdin!.write(`${JSON.stringify({ spec: options.specPath })}\n`);
    });
  }

  /**
   * Ends the process: stdin closed (the worker's end of input), SIGTERM if it has not gone in 1 s,
   * SIGKILL 5 s later. Its handles keep the command alive until it has gone (an unreferenced child
   * killed by the last timer would let the command exit before its end is seen).
   */
  async close(): Promise<void> {
    if (this.ended !== undefined) return;
    this.idle(false);
    if (this.pending !== undefined) this.proc.kill('SIGTERM');
    this.proc.stdin!.end();
    const term = setTimeout(() => this.proc.kill('SIGTERM'), CLOSE_GRACE_MS);
    const kill = setTimeout(() => this.proc.kill('SIGKILL'), CLOSE_GRACE_MS + KILL_AFTER_MS);
    await this.exited;
    clearTimeout(term);
    clearTimeout(kill);
  }

  private onLine(line: string): void {
    const pending = this.pending;
    // Nothing asked, the run already reported done, or it is being stopped: output of no run.
    if (pending === undefined || pending.done !== undefined || pending.options.signal?.aborted === true) return;
    const done = doneLine(line);
    if (done === undefined) {
      const event = pending.events.accept(line);
      if (event !== undefined) pending.options.onEvent?.(event);
      return;
    }
    pending.done = done;
    if (done === 0 && pending.events.complete()) {
      this.finish(pending, { status: 'ok', start: pending.events.start!, steps: pending.events.steps, evals: pending.events.evals, end: pending.events.end! });
      this.runs += 1;
      this.idle(true);
      return;
    }
    // The worker ends itself after a failed request; one that claims success without a clean run
    // is not trusted with another. The run settles when the process has closed (its stderr whole).
    if (done === 0) this.proc.kill('SIGTERM');
  }

  /** Settles the pending run once the process has closed. */
  private settle(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    const { signal, specPath } = pending.options;
    if (signal?.aborted) {
      this.finish(pending, undefined, signal.reason);
      return;
    }
    const tail = this.stderr.text();
    if (this.startError !== undefined) {
      this.finish(pending, { status: 'failed', steps: [], evals: [], failure: { reason: this.startError, stderrTail: tail } });
      return;
    }
    // The code the worker reported for the run, else how the process ended (a crash mid-run).
    const ended: WorkerEnd = pending.done !== undefined ? { exitCode: pending.done, signal: undefined } : this.ended!;
    try {
      this.finish(pending, settleOutcome(pending.events, ended, specPath, tail));
    } catch (error) {
      this.finish(pending, undefined, error);
    }
  }

  private finish(pending: Pending, outcome: TorchRunOutcome | undefined, error?: unknown): void {
    this.pending = undefined;
    pending.cleanup();
    if (outcome !== undefined) pending.resolve(outcome);
    else pending.reject(error);
  }

  /** An idle worker lets the command exit (the exit hook kills it); a busy one keeps it alive. */
  private idle(yes: boolean): void {
    const handles = [this.proc, this.proc.stdin, this.proc.stdout, this.proc.stderr] as Array<ChildProcess | Socket | null>;
    for (const handle of handles) {
      const h = handle as { ref?: () => void; unref?: () => void } | null;
      if (yes) h?.unref?.();
      else h?.ref?.();
    }
  }
}

/** The code of a `{"worker":"done","code":C}` line, or undefined for any other line. */
function doneLine(line: string): number | undefined {
  if (!line.startsWith('{"worker"')) return undefined;
  try {
    const value = JSON.parse(line) as { worker?: unknown; code?: unknown };
    return value.worker === 'done' && typeof value.code === 'number' ? value.code : undefined;
  } catch {
    return undefined;
  }
}
