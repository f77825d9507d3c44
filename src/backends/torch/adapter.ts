/**
 * The torch backend's TypeScript side: finds the project's Python environment, starts the worker
 * (`python -m reftbench_worker <spec.json>`, src/backends/torch/reftbench_worker/) with execa,
 * parses its event stream (schemas/events.schema.json, one JSON object per stdout line), kills it
 * when the caller aborts, and turns a crash into a failed-run outcome carrying the stderr tail.
 * The served worker that runs one run after another (src/backends/torch/worker-process.ts) collects
 * and judges each run's events with the same pieces (EventCollector, settleOutcome).
 *
 * Worker user errors (bad spec, missing model or data) become a `UserError`; everything else that
 * goes wrong in a run is a `failed` or `diverged` outcome, so one bad run never stops a suite.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { execa } from 'execa';
import { UserError } from '../../errors.ts';
import { torchMessages } from '../../messages/index.ts';
import { schemaValidator } from '../../lazy-ajv.ts';
import { REPO_ROOT } from '../../repo-root.ts';
import type { BackendEvent, EndEvent, EvalEvent, StartEvent, StepEvent } from '../../types/events.ts';

/** Lines of the worker's stderr kept for a failure record. */
export const STDERR_TAIL_LINES = 40;

export interface TorchWorkerOptions {
  /** The run spec file (schemas/run-spec.schema.json) the worker executes. */
  specPath: string;
  /** Repository root holding .venv/ and src/backends/torch/ (default: this checkout). */
  rootDir?: string;
  /** Environment; REFTBENCH_PYTHON overrides the interpreter (default: <root>/.venv/bin/python). */
  env?: NodeJS.ProcessEnv;
  /** Aborting kills the worker (SIGTERM, then SIGKILL after 5 s) and rejects with the abort reason. */
  signal?: AbortSignal;
  /** Called for every event as it arrives (progress bars, live loss). */
  onEvent?: (event: BackendEvent) => void;
  /** Ask the worker to write its initial trainable parameters to this safetensors file (parity tests). */
  dumpInit?: string;
}

export interface TorchFailure {
  /** One line: what went wrong. */
  reason: string;
  /** The last lines of the worker's stderr. */
  stderrTail: string;
}

export type TorchRunOutcome =
  | { status: 'ok'; start: StartEvent; steps: StepEvent[]; evals: EvalEvent[]; end: EndEvent }
  | { status: 'failed' | 'diverged'; start?: StartEvent; steps: StepEvent[]; evals: EvalEvent[]; failure: TorchFailure };

/** The interpreter the worker runs with; a `UserError` naming the set-up command when it is missing. */
export function findTorchPython(rootDir: string = REPO_ROOT, env: NodeJS.ProcessEnv = process.env): string {
  const python = env.REFTBENCH_PYTHON !== undefined && env.REFTBENCH_PYTHON !== '' ? env.REFTBENCH_PYTHON : join(rootDir, '.venv', 'bin', 'python');
  if (!existsSync(python)) throw new UserError(torchMessages.pythonMissing(python));
  return python;
}

/** Parses one stdout line into an event, or undefined when it is not a valid event. */
export function parseEventLine(line: string): BackendEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  return schemaValidator('events.schema.json')(value) ? (value as BackendEvent) : undefined;
}

/** Keeps the last `limit` lines of a text stream. */
export class TailBuffer {
  private lines: string[] = [];
  private partial = '';
  constructor(private readonly limit: number) {}
  push(chunk: string): void {
    const parts = (this.partial + chunk).split('\n');
    this.partial = parts.pop() ?? '';
    this.lines.push(...parts);
    if (this.lines.length > this.limit) this.lines.splice(0, this.lines.length - this.limit);
  }
  text(): string {
    return [...this.lines, ...(this.partial === '' ? [] : [this.partial])].slice(-this.limit).join('\n');
  }
  clear(): void {
    this.lines = [];
    this.partial = '';
  }
}

/** One run's events as they arrive: the start, steps, evals, end or error, and the first stray line. */
export class EventCollector {
  start: StartEvent | undefined;
  end: EndEvent | undefined;
  errorEvent: Extract<BackendEvent, { type: 'error' }> | undefined;
  badLine: string | undefined;
  readonly steps: StepEvent[] = [];
  readonly evals: EvalEvent[] = [];

  /** Takes one stdout line; returns its event, or undefined for a blank or stray line. */
  accept(line: string): BackendEvent | undefined {
    if (line.trim() === '') return undefined;
    const event = parseEventLine(line);
    if (event === undefined) {
      this.badLine ??= line;
      return undefined;
    }
    if (event.type === 'start') this.start = event;
    else if (event.type === 'step') this.steps.push(event);
    else if (event.type === 'eval') this.evals.push(event);
    else if (event.type === 'end') this.end = event;
    else this.errorEvent = event;
    return event;
  }

  /** True when the run ended cleanly: a start and an end, no error event and no stray line. */
  complete(): boolean {
    return this.start !== undefined && this.end !== undefined && this.errorEvent === undefined && this.badLine === undefined;
  }
}

/** How the worker's run ended: its exit code (0 for a served run that reported done 0) or signal. */
export interface WorkerEnd {
  exitCode: number | undefined;
  signal: string | undefined;
}

/**
 * A run's outcome from its events and how the worker ended. A user error event rejects with a
 * `UserError` naming the spec; an internal error, a stray stdout line or an end without the end
 * event is `failed`, a diverged error `diverged`.
 */
export function settleOutcome(events: EventCollector, ended: WorkerEnd, specPath: string, stderrTail: string): TorchRunOutcome {
  const { start, steps, evals, end, errorEvent, badLine } = events;
  const failed = (status: 'failed' | 'diverged', reason: string): TorchRunOutcome => ({
    status, ...(start !== undefined ? { start } : {}), steps, evals, failure: { reason, stderrTail },
  });
  if (errorEvent !== undefined) {
    if (errorEvent.kind === 'user') throw new UserError(torchMessages.workerUserError(specPath, errorEvent.message));
    if (errorEvent.kind === 'diverged') return failed('diverged', torchMessages.diverged(errorEvent.message));
    return failed('failed', torchMessages.internalError(errorEvent.message));
  }
  if (badLine !== undefined) return failed('failed', torchMessages.badEventLine(badLine));
  if (ended.exitCode === 0 && start !== undefined && end !== undefined) return { status: 'ok', start, steps, evals, end };
  return failed('failed', torchMessages.crashed(ended.exitCode, ended.signal));
}

/** The worker's environment: `env` and the package path, bytecode off, unbuffered output. */
export function workerEnv(rootDir: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, PYTHONPATH: join(rootDir, 'src', 'backends', 'torch'), PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
}

/** Runs one spec on the torch worker and resolves with its outcome. */
export async function runTorchWorker(options: TorchWorkerOptions): Promise<TorchRunOutcome> {
  const rootDir = options.rootDir ?? REPO_ROOT;
  const env = options.env ?? process.env;
  const python = findTorchPython(rootDir, env);
  options.signal?.throwIfAborted();
  const args = ['-m', 'reftbench_worker', options.specPath, ...(options.dumpInit !== undefined ? ['--dump-init', options.dumpInit] : [])];
  const child = execa(python, args, {
    cwd: rootDir,
    env: workerEnv(rootDir, env),
    extendEnv: false,
    stdin: 'ignore',
    buffer: false,
    reject: false,
    ...(options.signal !== undefined ? { cancelSignal: options.signal } : {}),
    forceKillAfterDelay: 5000,
  });

  const stderr = new TailBuffer(STDERR_TAIL_LINES);
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => stderr.push(chunk));

  const events = new EventCollector();
  if (child.stdout !== null) {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      const event = events.accept(line);
      if (event !== undefined) options.onEvent?.(event);
    }
  }
  const result = await child;
  if (options.signal?.aborted) throw options.signal.reason;

  if (result.failed && result.code === 'ENOENT') {
    return { status: 'failed', steps: [], evals: [], failure: { reason: torchMessages.startFailed(python, result.shortMessage ?? 'not found'), stderrTail: stderr.text() } };
  }
  return settleOutcome(events, { exitCode: result.exitCode, signal: result.signal }, options.specPath, stderr.text());
}
