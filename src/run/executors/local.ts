/**
 * The `local` executor: a phase's runs on this machine, in this process, one worker per slot. A
 * slot is a backend the worker runs on — the same backend for every slot on the CPU (each given its
 * share of the cores, src/run/executors/local-slots.ts), or one torch backend per GPU, each with
 * its own CUDA_VISIBLE_DEVICES. Workers take the next pending run until none is left; a worker
 * whose result the disk refused stops the others before the error leaves the phase. A torch slot's
 * Python process stays alive across its runs (src/backends/torch/worker-process.ts).
 */
import type { Backend } from '../../backends/backend.ts';
import { executeRun } from '../execute-run.ts';
import { preparedKey } from '../prepare-inputs.ts';
import type { Executor, PhaseRequest, RunRecord } from './executor.ts';

export interface LocalSlot {
  backend: Backend;
  /** What this slot runs on, for messages (`cpu`, `gpu 2`). */
  label: string;
}

export class LocalExecutor implements Executor {
  readonly name = 'local' as const;

  /** `slots`: one per job (at least one). */
  constructor(readonly slots: readonly LocalSlot[]) {
    if (slots.length === 0) throw new Error('internal: a local executor needs at least one slot');
  }

  async runPhase(request: PhaseRequest, record: (done: RunRecord) => void): Promise<{ interrupted: boolean }> {
    const pending = request.runs;
    let next = 0;
    let interrupted = false;
    // A worker that fails (a result the disk refused) stops the others before the error leaves this
    // phase, so no run goes on writing into the folder after its lock is released.
    const halt = new AbortController();
    const stop = AbortSignal.any([request.stop, halt.signal]);
    const worker = async (slot: LocalSlot): Promise<void> => {
      while (next < pending.length && !stop.aborted) {
        const run = pending[next++]!;
        const { spec } = run;
        const task = request.inputs.tasks.get(preparedKey(spec.model.id, spec.task.id))!;
        const started = performance.now();
        request.emit({ type: 'run-start', runId: spec.runId, phase: spec.phase });
        const outcome = await executeRun(run, {
          backend: slot.backend,
          suite: request.loaded.suite,
          resultsDir: request.resultsDir,
          modelDir: request.inputs.models.get(spec.model.id)!.dir,
          cacheDir: request.inputs.cacheDir,
          task,
          timeoutSeconds: request.timeoutSeconds,
          stop,
          onStep: (loss, step, totalSteps, tokens) => request.emit({ type: 'step', runId: spec.runId, step, totalSteps, loss, ...(tokens === undefined ? {} : { tokens }) }),
        });
        if (outcome.kind === 'interrupted') {
          interrupted = true;
          return;
        }
        record({ run, result: outcome.result, file: outcome.file, seconds: (performance.now() - started) / 1000 });
      }
    };
    const used = this.slots.slice(0, Math.max(1, Math.min(this.slots.length, pending.length)));
    const ends = await Promise.allSettled(used.map((slot) => worker(slot).catch((error: unknown) => {
      halt.abort(error);
      throw error;
    })));
    const failure = ends.find((e): e is PromiseRejectedResult => e.status === 'rejected');
    if (failure !== undefined) throw failure.reason;
    return { interrupted: interrupted || request.stop.aborted };
  }
}
