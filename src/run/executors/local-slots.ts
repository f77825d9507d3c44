/**
 * The local executor's slots for a run command: how many workers, and what each runs on.
 *   - torch with `--gpus`: one worker per chosen GPU, each a torch backend whose worker process sees
 *     only its GPU (CUDA_VISIBLE_DEVICES); `--jobs` may not exceed the GPUs given.
 *   - otherwise `--jobs` workers on the one backend; on `ort`, a suite that leaves `backend.threads`
 *     at 0 (the engine's default) gets onnxruntime threads per job = cores / jobs when jobs > 1, so
 *     parallel jobs split the cores instead of each taking them all. The result records the spec as
 *     planned; only the engine sees the thread count.
 */
import { availableParallelism } from 'node:os';
import type { Backend, BackendName, BackendRunOutput, BackendRunRequest } from '../../backends/backend.ts';
import { UserError } from '../../errors.ts';
import { executorMessages } from '../../messages/index.ts';
import type { LocalSlot } from './local.ts';

export interface SlotOptions {
  command: string;
  /** The backend the suite runs on (its name decides what a slot is). */
  backend: Backend;
  /** --jobs, when given. */
  jobs: number | undefined;
  /** The GPUs --gpus chose (undefined: not given). */
  gpus: readonly string[] | undefined;
  /** Opens a torch backend whose worker runs with `env` (the GPU slots). */
  openTorch(env: NodeJS.ProcessEnv): Backend;
  env: NodeJS.ProcessEnv;
  /** Cores to split between ort jobs (default: this machine's). */
  cores?: number;
}

/** `backend` with onnxruntime's intra-op threads set to `threads` for specs that leave them at 0. */
export function withThreads(backend: Backend, threads: number): Backend {
  const run = (request: BackendRunRequest): Promise<BackendRunOutput> => {
    const { spec } = request;
    if (spec.backend.threads !== 0) return backend.run(request);
    return backend.run({ ...request, spec: { ...spec, backend: { ...spec.backend, threads } } });
  };
  return {
    name: backend.name,
    device: () => backend.device(),
    unsupported: (spec) => backend.unsupported(spec),
    libraries: () => backend.libraries(),
    run,
    close: async () => {},
  };
}

/** Onnxruntime threads of each of `jobs` parallel jobs on `cores` cores. */
export function threadsPerJob(cores: number, jobs: number): number {
  return Math.max(1, Math.floor(cores / jobs));
}

/** Where the GPUs and the job count came from, when from the suite's executor block: their places in the suite file. */
export interface LocalChoiceSource {
  /** "file:line:col /executor/gpus" when the GPUs are the suite's "gpus" (not --gpus). */
  gpus?: string;
  /** "file:line:col /executor/jobs" when the job count is the suite's "jobs" (not --jobs). */
  jobs?: string;
}

/** Refuses, before any backend opens, GPUs for a CPU backend and more jobs than the GPUs given. */
export function checkLocalChoice(command: string, backend: BackendName, jobs: number | undefined, gpus: readonly string[] | undefined, source: LocalChoiceSource = {}): void {
  if (gpus === undefined) return;
  if (backend !== 'torch') throw new UserError(source.gpus === undefined ? executorMessages.gpusNeedTorch(command, backend) : executorMessages.suiteGpusNeedTorch(command, source.gpus, backend));
  if (jobs !== undefined && jobs > gpus.length) {
    if (source.gpus === undefined && source.jobs === undefined) throw new UserError(executorMessages.jobsOverGpus(command, jobs, gpus));
    const jobsSource = source.jobs === undefined ? '--jobs' : `"jobs" (${source.jobs})`;
    const gpusSource = source.gpus === undefined ? '--gpus' : `"gpus" at ${source.gpus}`;
    throw new UserError(executorMessages.suiteJobsOverGpus(command, jobsSource, jobs, gpusSource, gpus));
  }
}

export function localSlots(options: SlotOptions): LocalSlot[] {
  const { backend, gpus } = options;
  checkLocalChoice(options.command, backend.name, options.jobs, gpus);
  if (gpus !== undefined) {
    const jobs = options.jobs ?? gpus.length;
    return gpus.slice(0, jobs).map((gpu) => ({ backend: options.openTorch({ ...options.env, CUDA_VISIBLE_DEVICES: gpu }), label: `gpu ${gpu}` }));
  }
  const jobs = options.jobs ?? 1;
  if (backend.name === 'ort' && jobs > 1) {
    const shared = withThreads(backend, threadsPerJob(options.cores ?? availableParallelism(), jobs));
    return Array.from({ length: jobs }, () => ({ backend: shared, label: 'cpu' }));
  }
  return Array.from({ length: jobs }, () => ({ backend, label: backend.name === 'ort' ? 'cpu' : 'default device' }));
}
