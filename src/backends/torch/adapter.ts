/**
 * The torch backend's TypeScript side: finds the project's Python environment, starts the worker
 * (`python -m reftbench_worker <spec.json>`, src/backends/torch/reftbench_worker/) with execa,
 * parses its event stream (schemas/events.schema.json, one JSON object per stdout line), kills it
 * when the caller aborts, and turns a crash into a failed-run outcome carrying the stderr tail.
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
class TailBuffer {
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
    env: { ...env, PYTHONPATH: join(rootDir, 'src', 'backends', 'torch'), PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' },
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

  let start: StartEvent | undefined;
  let end: EndEvent | undefined;
  let errorEvent: Extract<BackendEvent, { type: 'error' }> | undefined;
  let badLine: string | undefined;
  const steps: StepEvent[] = [];
  const evals: EvalEvent[] = [];
  if (child.stdout !== null) {
    for await (const line of createInterface({ input: child.stdout, crlfDelay: Infinity })) {
      if (line.trim() === '') continue;
      const event = parseEventLine(line);
      if (event === undefined) {
        badLine ??= line;
        continue;
      }
      if (event.type === 'start') start = event;
      else if (event.type === 'step') steps.push(event);
      else if (event.type === 'eval') evals.push(event);
      else if (event.type === 'end') end = event;
      else errorEvent = event;
      options.onEvent?.(event);
    }
  }
  const result = await child;
  if (options.signal?.aborted) throw options.signal.reason;

  const stderrTail = stderr.text();
  const failed = (status: 'failed' | 'diverged', reason: string): TorchRunOutcome => ({
    status, ...(start !== undefined ? { start } : {}), steps, evals, failure: { reason, stderrTail },
  });
  if (result.failed && result.code === 'ENOENT') return failed('failed', torchMessages.startFailed(python, result.shortMessage ?? 'not found'));
  if (errorEvent !== undefined) {
    if (errorEvent.kind === 'user') throw new UserError(torchMessages.workerUserError(options.specPath, errorEvent.message));
    if (errorEvent.kind === 'diverged') return failed('diverged', torchMessages.diverged(errorEvent.message));
    return failed('failed', torchMessages.internalError(errorEvent.message));
  }
  if (badLine !== undefined) return failed('failed', torchMessages.badEventLine(badLine));
  if (result.exitCode === 0 && start !== undefined && end !== undefined) return { status: 'ok', start, steps, evals, end };
  return failed('failed', torchMessages.crashed(result.exitCode, result.signal));
}
