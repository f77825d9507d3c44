/**
 * The `ort` backend as the command runs it: each run goes to a child process (run-child.ts) that
 * trains it on the in-process OrtBackend. An onnxruntime step holds its thread for the whole step
 * (seconds on BERT-base; measured: not one 20 ms timer fired during a 14 s MiniLM step), so in the
 * command's own process a Ctrl-C or a run's time limit could only act at the next step boundary.
 * Here the command's thread stays free: when a run is stopped, its child is killed at once and the
 * run rejects with the stop's reason (an interrupted run is not recorded; a timed-out one is).
 * Children are kept between runs (each keeps its loaded model), one per run in flight, and are
 * killed when the backend closes or the command exits. `REFTBENCH_ORT_IN_PROCESS=1` runs the
 * in-process backend instead (stack traces from the engine then come straight from the command).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { UserError } from '../../errors.ts';
import { killOnExit } from '../kill-on-exit.ts';
import { BackendCrash, type Backend, type BackendRunOutput, type BackendRunRequest } from '../backend.ts';
import { OrtBackend } from './backend.ts';
import type { ChildMessage, RunMessage } from './child-protocol.ts';

const STDERR_TAIL = 64 * 1024;

interface Child {
  proc: ChildProcess;
  /** The child's recent stderr (its crash output). */
  stderr: string;
}

export class OrtChildBackend implements Backend {
  readonly name = 'ort' as const;
  private readonly local = new OrtBackend();
  private readonly idle: Child[] = [];

  constructor(private readonly entry: URL = new URL('./ort-child-entry.mjs', import.meta.url)) {}

  unsupported(spec: BackendRunRequest['spec']): string | undefined {
    return this.local.unsupported(spec);
  }

  device(): string {
    return this.local.device();
  }

  libraries(): Record<string, string> {
    return this.local.libraries();
  }

  private spawn(): Child {
    const proc = fork(fileURLToPath(this.entry), [], { stdio: ['ignore', 'inherit', 'pipe', 'ipc'], serialization: 'advanced', execArgv: [] });
    killOnExit(proc);
    const child: Child = { proc, stderr: '' };
    proc.stderr!.setEncoding('utf8');
    proc.stderr!.on('data', (text: string) => {
      child.stderr = (child.stderr + text).slice(-STDERR_TAIL);
    });
    return child;
  }

  async run(request: BackendRunRequest): Promise<BackendRunOutput> {
    const { signal } = request;
    if (signal.aborted) throw signal.reason;
    const child = this.idle.pop() ?? this.spawn();
    child.stderr = '';
    return new Promise<BackendRunOutput>((resolve, reject) => {
      const { proc } = child;
      // A child killed by a stop whose last messages were already on their way is not reused.
      const keep = () => {
        if (!proc.killed && proc.connected) this.idle.push(child);
      };
      const cleanup = () => {
        proc.off('message', onMessage);
        proc.off('exit', onExit);
        signal.removeEventListener('abort', onAbort);
      };
      const onMessage = (message: ChildMessage) => {
        if (message.type === 'step') request.onStep(message.step);
        else if (message.type === 'done') {
          cleanup();
          keep();
          resolve(message.output);
        } else if (message.type === 'error') {
          cleanup();
          keep();
          if (message.user) reject(new UserError(message.message));
          else {
            const error = new Error(message.message);
            error.stack = message.stack;
            reject(error);
          }
        }
      };
      const onExit = (code: number | null, killedBy: NodeJS.Signals | null) => {
        cleanup();
        if (signal.aborted) reject(signal.reason);
        else reject(new BackendCrash(`the ort engine's process ended during the run (${killedBy === null ? `exit code ${code}` : killedBy})`, child.stderr));
      };
      // The run is stopped now, mid-step: the child and all it holds go; the exit handler rejects.
      const onAbort = () => proc.kill('SIGKILL');
      proc.on('message', onMessage);
      proc.on('exit', onExit);
      signal.addEventListener('abort', onAbort, { once: true });
      const message: RunMessage = { type: 'run', spec: request.spec, modelDir: request.modelDir, ...(request.schedule === undefined ? {} : { schedule: request.schedule }) };
      proc.send(message);
    });
  }

  async close(): Promise<void> {
    for (const child of this.idle.splice(0)) {
      child.proc.disconnect();
      child.proc.kill('SIGKILL');
    }
    await this.local.close();
  }
}
