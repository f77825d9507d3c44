/**
 * The command table: the only way a command reaches the CLI. Add a command by adding a line here; its
 * module is imported only when it runs (or when `reftbench help <command>` shows its usage).
 */
import type { CommandEntry } from './command.ts';

export const commands: readonly CommandEntry[] = [
  { name: 'validate', summary: 'check a suite file and list every problem with its line:column', load: async () => (await import('./validate.ts')).validateCommand },
  { name: 'plan', summary: 'print what a suite will run: trials, seeds, trainable params, steps, FLOPs', load: async () => (await import('./plan.ts')).planCommand },
  { name: 'bench', summary: 'run a suite end to end: validate, plan, run, report', load: async () => (await import('./bench.ts')).benchCommand },
  { name: 'run', summary: 'run a suite: trials on dev, selection, final runs on test → results/<suite>/', load: async () => (await import('./run.ts')).runCommand },
  { name: 'run-one', summary: 'run one run of a suite submitted with --executor slurm (what each Slurm array task does)', load: async () => (await import('./run-one.ts')).runOneCommand },
  { name: 'status', summary: 'per phase of a results folder: runs done, running (Slurm job ids), pending, failed', load: async () => (await import('./status.ts')).statusCommand },
  { name: 'model', summary: 'Model files: convert llama2.c checkpoints, generate tiny models, inspect a model directory', load: async () => (await import('./model.ts')).modelCommand },
  { name: 'report', summary: 'turn results/<suite>/ into tables, charts, README and HTML (reports/<suite>/)', load: async () => (await import('./report.ts')).reportCommand },
  { name: 'check', summary: 'compare a report with a baseline report; exit 1 on a regression (for CI)', load: async () => (await import('./check.ts')).checkCommand },
  { name: 'data', summary: 'load GLUE tasks from the data directory, cache or hub and print their splits', load: async () => (await import('./data.ts')).dataCommand },
  { name: 'prefetch', summary: 'download the hub models and datasets a suite names into the cache, for machines without internet', load: async () => (await import('./prefetch.ts')).prefetchCommand },
];
