/**
 * User-facing messages of the executors (src/run/executors/): GPUs and jobs of the local executor,
 * the Slurm executor's options, submissions and failures, and the `run-one` and `status` commands.
 */
import { basename } from 'node:path';

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
  // the same, when "gpus" comes from the suite's executor block (`place`: file:line:col /executor/gpus)
  suiteNoGpus: (command: string, place: string, value: string) =>
    `reftbench ${command}: ${place}: "gpus": ${JSON.stringify(value)} asks for GPUs, but no GPU is visible here (CUDA_VISIBLE_DEVICES is empty or \`nvidia-smi -L\` lists none). Remove "gpus" from the suite's executor block to run on the CPU, or run where the GPUs are.`,
  suiteUnknownGpu: (command: string, place: string, id: string, available: readonly string[]) =>
    `reftbench ${command}: ${place}: "gpus" names GPU ${JSON.stringify(id)}, which is not visible here; the GPUs are ${available.join(', ')}. Name some of them in the suite, "all", or override it with --gpus.`,
  suiteGpusNeedTorch: (command: string, place: string, backend: string) =>
    `reftbench ${command}: ${place}: "gpus" places torch workers on GPUs, but this suite runs on the ${backend} backend (CPU). Remove "gpus" from the suite's executor block, or run on torch ("backend": { "prefer": "torch" } or --backend torch).`,
  /** `jobsSource`: --jobs or "jobs" (file:line:col /executor/jobs); `gpusSource`: --gpus or "gpus" at file:line:col /executor/gpus. */
  suiteJobsOverGpus: (command: string, jobsSource: string, jobs: number, gpusSource: string, gpus: readonly string[]) =>
    `reftbench ${command}: ${jobsSource} is ${jobs}, more than the ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} ${gpusSource} gives (${gpus.join(',')}): one torch worker runs per GPU. Give ${gpus.length} or fewer jobs, or more GPUs.`,
  localOnlyOption: (command: string, option: string) =>
    `reftbench ${command}: ${option} is an option of --executor slurm; add --executor slurm (or "executor": { "kind": "slurm" } in the suite) or leave ${option} out.`,
  slurmOnlyLocal: (command: string, option: string) =>
    `reftbench ${command}: ${option} is an option of the local executor; with --executor slurm, say how many tasks run at once with --max-parallel N.`,

  // --- the suite's executor block (schemas/suite.schema.json, ExecutorSettings) ---------------------
  blockSlurmField: (field: string, kind: 'local' | undefined) =>
    `"${field}" is a setting of the slurm executor, but this executor block is for the local one (${kind === undefined ? 'no "kind": local, the default' : '"kind": "local"'}). Add "kind": "slurm", or remove "${field}".`,
  blockLocalField: (field: string) =>
    `"${field}" is a setting of the local executor, but this executor block is for slurm ("kind": "slurm"). With slurm, say how many tasks run at once with "maxParallel"; or set "kind": "local".`,
  blockGpusOnOrt: () =>
    '"gpus" places torch workers on GPUs, but this suite runs on the ort backend ("backend": { "prefer": "ort" }), which trains on the CPU. Remove "gpus", or set "prefer" to "torch".',
  blockGpuTwice: (id: string) => `"gpus" names GPU ${JSON.stringify(id)} twice: name each GPU once.`,
  blockJobsOverGpus: (jobs: number, gpus: readonly string[]) =>
    `"jobs" is ${jobs}, more than the ${gpus.length} GPU${gpus.length === 1 ? '' : 's'} "gpus" lists (${gpus.join(',')}): one torch worker runs per GPU. Give "jobs" ${gpus.length} or fewer, or list more GPUs.`,
  unknownExecutor: (command: string, value: string) =>
    `reftbench ${command}: --executor ${JSON.stringify(value)} is not an executor: use local (the default) or slurm.`,
};

export const slurmMessages = {
  noSbatch: () =>
    'reftbench run --executor slurm: `sbatch` is not on PATH here: run it on a machine that submits to your Slurm cluster (a login node), or start a one-node Slurm with `eval "$(bash scripts/slurm-up.sh)"` (docs/cluster.md).',
  sbatchFailed: (script: string, why: string) => `sbatch refused ${script}: ${why}. Fix the Slurm options (--partition, --gres, --time, --account, --sbatch-arg) and run again.`,
  /** `conf`: SLURM_CONF when set. */
  sbatchNoController: (script: string, why: string, conf: string | undefined) =>
    `sbatch could not submit ${basename(script)}: the Slurm controller did not answer (${why.replace(/\s*\n\s*/g, ' ')}). The job was not submitted, and nothing of it is left in the results folder. ` +
    `Check that the cluster is up and this machine reaches it: \`scontrol ping\` should say UP and \`sinfo\` list the partitions; ${conf === undefined ? 'SLURM_CONF is unset, so they read the system slurm.conf (set SLURM_CONF to use another)' : `they read SLURM_CONF=${conf}, whose SlurmctldHost and SlurmctldPort must name the running controller`}. ` +
    'Then run the same command again (a one-node Slurm on this machine: eval "$(bash scripts/slurm-up.sh)", docs/cluster.md).',
  sbatchNoConfig: (script: string, why: string, conf: string | undefined) =>
    `sbatch could not submit ${basename(script)}: it found no usable Slurm configuration (${why.replace(/\s*\n\s*/g, ' ')}). The job was not submitted, and nothing of it is left in the results folder. ` +
    `${conf === undefined ? 'SLURM_CONF is unset: set it to your cluster\'s slurm.conf' : `SLURM_CONF=${conf}: point it at your cluster's slurm.conf, or unset it to use the system one`}; \`sinfo\` answers once it is right. Then run the same command again.`,
  submitted: (phase: string, job: string, runs: number, script: string, maxParallel: number | undefined) =>
    `${phase}: submitted job array ${job} (${runs} run${runs === 1 ? '' : 's'}${maxParallel === undefined ? '' : `, at most ${maxParallel} at once`}); job script ${script}`,
  cancelled: (jobs: readonly string[]) => `cancelled the Slurm jobs this command submitted (scancel ${jobs.join(' ')}); what finished is kept. Rerun the same command to resume.`,
  detached: (jobs: readonly string[], followUp: string, dir: string) =>
    `submitted Slurm job${jobs.length === 1 ? '' : 's'} ${jobs.join(', ')}; job ${followUp} carries the suite on (selection, final runs) when they end. Follow with \`reftbench status ${dir}\`; build the report with \`reftbench report ${dir}\` once it says done.`,
  taskEnded: (task: string, detail: string, log: string) => `Slurm task ${task} ended without a result: ${detail} (its output: ${log})`,

  // --- run-one ---------------------------------------------------------------------------------------
  runOneUsage: [
    'usage: reftbench run-one <results-dir> <run-id>',
    '',
    'Runs one run of a suite submitted with `reftbench run --executor slurm` (what each array task of its',
    'job script does): reads the run from <results-dir>/slurm/*.runs.json, claims it (a claim whose Slurm',
    'job is gone is taken over; one held by a live job makes this exit 0 without running), trains it and',
    'writes its result into the results folder. Exit 0 when the run was recorded (ok or failed), 2 on a',
    'mistake, 128 + the signal\'s number when Slurm stopped it (the run then stays to do).',
  ].join('\n'),
  runOneArgs: () => 'reftbench run-one: give the results folder and one run id, e.g. `reftbench run-one results/quickstart tiny-bert.sentiment.lora.trial0.0123abcd`.',
  runNotSubmitted: (dir: string, runId: string) =>
    `reftbench run-one: no submission in ${dir}/slurm/ lists run ${runId}: submit the suite with \`reftbench run <suite> --executor slurm --results ${dir}\`.`,
  suiteChanged: (file: string, dir: string) =>
    `reftbench run-one: ${file} changed since its runs were submitted to ${dir}: its results would not match the submitted plan. Restore the suite, or submit it again into a new results folder.`,
  alreadyDone: (runId: string) => `run ${runId} already has a result; nothing to do.`,
  heldBy: (runId: string, holder: string) => `run ${runId} is claimed by ${holder}, which is still alive; leaving it to that job.`,
  tookOver: (runId: string, holder: string) => `run ${runId}: took over the claim of ${holder}, whose job is gone.`,
  ranOne: (runId: string, status: string, file: string, taskSeconds: number, runSeconds: number) =>
    `run ${runId}: ${status}, written to ${file} (this task: ${taskSeconds.toFixed(2)} s from its start, of which the run ${runSeconds.toFixed(2)} s)`,

  // --- status ----------------------------------------------------------------------------------------
  statusUsage: [
    'usage: reftbench status <results-dir> [--suite <suite.json>] [--json]',
    '',
    'Per phase (trials, finals) of the suite in <results-dir>: runs done, running (with their Slurm job and',
    'task ids), pending and failed, from the result files, the run claims and squeue/sacct where Slurm is',
    'reachable. Pending runs are counted from the suite\'s plan: the suite file is --suite, else the one',
    'its Slurm submissions name, else suites/<suite name>.json; it must be the version the results were run',
    'from. Works on a folder filled by the local executor too.',
  ].join('\n'),
  statusArgs: () => 'reftbench status: give one results folder, e.g. `reftbench status results/quickstart`.',
  statusSuiteOther: (file: string, name: string, suite: string, dir: string) =>
    `reftbench status: --suite ${file} is suite ${JSON.stringify(name)}, but ${dir} holds runs of suite ${JSON.stringify(suite)}. Give the suite file those runs came from, or leave --suite out.`,
  statusSuiteEdited: (file: string, was: string, now: string) =>
    `pending runs not counted: ${file} was edited since these runs were planned (suite hash ${was} in the results, ${now} now), so their plan cannot be rebuilt from it. Pass the version they came from with --suite <file>.`,
  statusSuiteNotFound: (suite: string, looked: readonly string[]) =>
    `pending runs not counted: no suite file of suite ${JSON.stringify(suite)} found (looked at ${looked.join(', ')}). Pass it with --suite <file>.`,
  statusRunner: (pid: number, host: string, since: string) =>
    `a runner holds this folder (pid ${pid} on ${host}, since ${since}): the runs it has in progress are counted as pending.`,
  statusPlanRefused: (file: string, why: string) => `pending runs not counted: the plan of ${file} cannot be built here (${why}).`,
  statusNoFolder: (dir: string) => `reftbench status: ${dir} is not a folder: give the results folder a \`reftbench run\` wrote.`,
};
