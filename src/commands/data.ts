/**
 * `reftbench data [TASK ...] [--data-dir DIR]`: loads GLUE splits through the same source chain a
 * suite uses (data directory, cache, hub) and prints their sizes, label counts and origins, so a
 * data directory can be checked before a long run. Bad data exits 2 with the loader's message.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadGlueSplit, requireGlueTask } from '../data/glue-source.ts';
import { glueTasks, type GlueSplit, type GlueTaskDef } from '../data/glue-tasks.ts';
import { resolveDataLocations } from '../data/locations.ts';
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';
import type { Command } from './command.ts';
import { parseCommandLine, stringOption } from './parse-command-line.ts';

function parseArgs(args: string[]): { tasks: string[]; dataDir?: string } {
  const line = parseCommandLine(args, { 'data-dir': { type: 'string' } }, {
    command: 'data',
    unknownOption: (arg) => dataMessages.unknownOption(arg),
    missingValue: (option) => dataMessages.missingOptionValue(option),
  });
  const dataDir = stringOption(line, 'data-dir');
  return dataDir === undefined ? { tasks: line.positionals } : { tasks: line.positionals, dataDir };
}

export const dataCommand: Command = {
  name: 'data',
  usage: dataMessages.usage,
  async run(args, io) {
    const options = parseArgs(args);
    const where = resolveDataLocations(io.env, io.cwd, options.dataDir);
    const jobs: Array<[GlueTaskDef, GlueSplit]> = [];
    const splits: GlueSplit[] = ['train', 'validation'];
    if (options.tasks.length > 0) {
      for (const name of options.tasks) for (const split of splits) jobs.push([requireGlueTask(name.replace(/^glue\//, '')), split]);
    } else if (where.dataDir !== undefined) {
      // Without named tasks: only the split files the data directory holds (no hub downloads).
      for (const task of Object.values(glueTasks)) {
        const present = await readdir(join(where.dataDir, 'glue', task.dir)).catch(() => [] as string[]);
        for (const split of splits) if (task.files[split].some((f) => present.includes(f))) jobs.push([task, split]);
      }
    }
    if (jobs.length === 0) throw new UserError(dataMessages.noTasksFound(where.dataDir));
    // Printed once all are loaded, so that every column can be as wide as its longest value.
    const summaries: Parameters<typeof dataMessages.splitTable>[0][number][] = [];
    for (const [task, split] of jobs) {
      const loaded = await loadGlueSplit(task.name, split, where);
      const set = loaded.examples;
      let labels = 'scores';
      if (set.kind === 'classification') {
        labels = set.labelNames.map((label, k) => `${label}=${set.examples.filter((e) => e.label === k).length}`).join(' ');
      }
      summaries.push({ task: task.name, split, rows: set.examples.length, labels, origin: loaded.origin, file: loaded.file });
    }
    for (const line of dataMessages.splitTable(summaries)) io.out(line);
    return 0;
  },
};
