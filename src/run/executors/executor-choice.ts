/**
 * Which executor a `run` (or `bench`) uses, and with what settings: the suite's optional `executor`
 * block (schemas/suite.schema.json, ExecutorSettings; checked by src/suite/executor-check.ts) under
 * the command line, which wins field by field. `--executor` picks the kind (else the block's kind,
 * else local); a block of the other kind then gives nothing. `--jobs`, `--gpus`, `--partition`,
 * `--gres`, `--time`, `--account` and `--max-parallel` each replace the block's field of the same
 * name, and any `--sbatch-arg` replaces its sbatchArgs. A command-line option of the other kind than
 * the one chosen stops with exit 2, as it does without a block. Where runs execute is in no run id
 * and no result, so the choice never changes what a run computes. `chooseLocalGpus` checks the GPUs
 * against this machine and the backend; when "gpus" (or "jobs") is the suite's, a refusal names its
 * place in the suite file, not an option the user never typed.
 */
import { UserError } from '../../errors.ts';
import { executorMessages } from '../../messages/index.ts';
import type { BackendName } from '../../backends/backend.ts';
import type { ExecutorSettings } from '../../types/suite.ts';
import type { PipelineOptions } from '../bench-pipeline.ts';
import { chooseGpus, visibleGpus } from './devices.ts';
import { checkLocalChoice, type LocalChoiceSource } from './local-slots.ts';
import type { SlurmSettings } from './slurm/settings.ts';
import { suitePlace } from './suite-place.ts';

/** Command-line names of the Slurm settings, in the order messages name the first one given. */
const SLURM_OPTIONS: ReadonlyArray<[keyof SlurmSettings, string]> = [
  ['partition', '--partition'], ['gres', '--gres'], ['time', '--time'], ['account', '--account'], ['sbatchArgs', '--sbatch-arg'], ['maxParallel', '--max-parallel'],
];

/** The first Slurm option the command line gave, or undefined. */
function firstSlurmOption(options: PipelineOptions): string | undefined {
  const given = options.slurm;
  if (given !== undefined) {
    for (const [field, option] of SLURM_OPTIONS) {
      if (field === 'sbatchArgs' ? given.sbatchArgs.length > 0 : given[field] !== undefined) return option;
    }
  }
  return options.detach === true ? '--detach' : undefined;
}

/** `options` with the executor chosen and its settings merged from the suite's block under the command line. */
export function chooseExecutor(options: PipelineOptions, block: ExecutorSettings | undefined, command: string): PipelineOptions {
  const kind = options.executor ?? block?.kind ?? 'local';
  const fromBlock = (block?.kind ?? 'local') === kind ? block : undefined;
  if (kind === 'local') {
    const slurmOption = firstSlurmOption(options);
    if (slurmOption !== undefined) throw new UserError(executorMessages.localOnlyOption(command, slurmOption));
    const { slurm: _slurm, ...rest } = options;
    const jobs = options.jobs ?? fromBlock?.jobs;
    const gpus = options.gpus ?? fromBlock?.gpus;
    return { ...rest, executor: 'local', ...(jobs === undefined ? {} : { jobs }), ...(gpus === undefined ? {} : { gpus }) };
  }
  if (options.gpus !== undefined) throw new UserError(executorMessages.slurmOnlyLocal(command, '--gpus'));
  if (options.jobs !== undefined) throw new UserError(executorMessages.slurmOnlyLocal(command, '--jobs'));
  const given = options.slurm ?? { sbatchArgs: [] };
  const slurm: SlurmSettings = { sbatchArgs: given.sbatchArgs.length > 0 ? given.sbatchArgs : [...(fromBlock?.sbatchArgs ?? [])] };
  for (const field of ['partition', 'gres', 'time', 'account'] as const) {
    const value = given[field] ?? fromBlock?.[field];
    if (value !== undefined) slurm[field] = value;
  }
  const maxParallel = given.maxParallel ?? fromBlock?.maxParallel;
  if (maxParallel !== undefined) slurm.maxParallel = maxParallel;
  return { ...options, executor: 'slurm', slurm };
}

/**
 * The GPUs the local executor runs on (undefined: none asked for), among those visible here, refused
 * for a CPU backend or fewer GPUs than jobs. `given`: the command line's options (before
 * chooseExecutor); `chosen`: after it; `suiteFile`: the suite as the user named it (relative to cwd).
 */
export function chooseLocalGpus(
  given: Pick<PipelineOptions, 'gpus' | 'jobs'>, chosen: Pick<PipelineOptions, 'gpus' | 'jobs'>, suiteFile: string, backend: BackendName, command: string,
  where: { env: NodeJS.ProcessEnv; cwd: string },
): string[] | undefined {
  if (chosen.gpus === undefined) return undefined;
  const source: LocalChoiceSource = {};
  if (given.gpus === undefined) source.gpus = suitePlace(suiteFile, where.cwd, '/executor/gpus');
  if (given.jobs === undefined && chosen.jobs !== undefined) source.jobs = suitePlace(suiteFile, where.cwd, '/executor/jobs');
  const gpus = chooseGpus(chosen.gpus, visibleGpus(where.env), command, source.gpus);
  checkLocalChoice(command, backend, chosen.jobs, gpus, source);
  return gpus;
}
