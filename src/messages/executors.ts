/**
 * User-facing messages of the executors (src/run/executors/): GPUs and jobs of the local executor,
 * the Slurm executor's options, submissions and failures, and the `run-one` and `status` commands.
 */
export const executorMessages = {
  // --- local: GPUs and jobs ------------------------------------------------------------------------
  noGpus: (command: string, value: string) =>
    `reftbench ${command}: --gpus ${value}: no GPU is visible here (CUDA_VISIBLE_DEVICES is empty or \`nvidia-smi -L\` lists none). Leave --gpus out to run on the CPU.`,
  unknownGpu: (command: string, id: string, available: readonly string[]) =>
    `reftbench ${command}: --gpus names GPU ${JSON.stringify(id)}, which is not visible here; the GPUs are ${available.join(', ')}. Name some of them, or --gpus all.`,
  gpusNeedTorch: (command: string, backend: string) =>
    `reftbench ${command}: --gpus places torch workers on GPUs, but this suite runs on the ${backend} backend (CPU). Add --backend torch, or leave --gpus out.`,
  jobsOverGpus: (command: string, jobs: number, gpus: readonly string[]) =>
    `reftbench ${command}: --jobs ${jobs} is more than the ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} given (--gpus ${gpus.join(',')}): one torch worker runs per GPU. Give --jobs ${gpus.length} or fewer, or more GPUs.`,
  localOnlyOption: (command: string, option: string) =>
    `reftbench ${command}: ${option} is an option of --executor slurm; add --executor slurm or leave ${option} out.`,
  slurmOnlyLocal: (command: string, option: string) =>
    `reftbench ${command}: ${option} is an option of the local executor; with --executor slurm, say how many tasks run at once with --max-parallel N.`,
  unknownExecutor: (command: string, value: string) =>
    `reftbench ${command}: --executor ${JSON.stringify(value)} is not an executor: use local (the default) or slurm.`,
};
