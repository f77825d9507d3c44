/**
 * Loads the source splits of a suite task from what its `source` names:
 *   glue/<task>                 GLUE train + validation (src/data/glue-source.ts: data dir, cache, hub);
 *   jsonl:<dir>                 <dir>/train.jsonl, validation.jsonl, test.jsonl (those present);
 *   synthetic:<generator>@<seed> generated splits (src/data/synthetic-tasks.ts).
 * The task's declared type (and numLabels) must match the data.
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';
import type { SourceSplit, SuiteTask } from '../types/suite.ts';
import type { ExampleSet } from './examples.ts';
import { loadGlueSplit, requireGlueTask } from './glue-source.ts';
import { loadJsonlTask } from './jsonl-task.ts';
import type { DataLocations } from './locations.ts';
import type { SourceSplits } from './split-protocol.ts';
import { generateSynthetic, syntheticTaskNames, syntheticTasks } from './synthetic-tasks.ts';

/** The source splits a split protocol reads (train always). */
function neededSplits(task: SuiteTask): SourceSplit[] {
  return [...new Set<SourceSplit>(['train', task.split.dev.of, task.split.test.of])];
}

function checkKind(task: SuiteTask, actualKind: string, actualLabels: number | undefined): void {
  if (task.type !== actualKind) throw new UserError(dataMessages.taskTypeMismatch(task.id, task.source, task.type, actualKind));
  if (task.type === 'classification' && task.numLabels !== undefined && actualLabels !== undefined && task.numLabels !== actualLabels) {
    throw new UserError(dataMessages.numLabelsMismatch(task.id, task.source, task.numLabels, actualLabels));
  }
}

/**
 * Loads a task's source splits. `baseDir` resolves relative `jsonl:` paths (the suite file's folder).
 */
export async function loadTaskSources(task: SuiteTask, where: DataLocations, baseDir: string): Promise<SourceSplits> {
  const needed = neededSplits(task);
  const out: Partial<Record<SourceSplit, ExampleSet>> = {};

  const glue = /^glue\/(.+)$/.exec(task.source)?.[1];
  const jsonl = /^jsonl:(.+)$/.exec(task.source)?.[1];
  const synthetic = /^synthetic:([a-z][a-z0-9_-]*)@(\d+)$/.exec(task.source);

  if (glue !== undefined) {
    const def = requireGlueTask(glue);
    checkKind(task, def.kind, def.kind === 'classification' ? def.labelNames.length : undefined);
    for (const split of needed) {
      if (split === 'test') throw new UserError(dataMessages.missingSourceSplit(task.id, 'test', 'test'));
      out[split] = (await loadGlueSplit(glue, split, where)).examples;
    }
  } else if (jsonl !== undefined) {
    const dir = resolve(baseDir, jsonl);
    for (const split of needed) {
      const file = join(dir, `${split}.jsonl`);
      if ((await stat(file).catch(() => undefined)) === undefined) throw new UserError(dataMessages.jsonlSplitMissing(task.id, file));
      const shape = task.numLabels === undefined ? { kind: task.type } : { kind: task.type, numLabels: task.numLabels };
      out[split] = await loadJsonlTask(file, shape);
    }
  } else if (synthetic !== null) {
    const [, name, seedText] = synthetic;
    const def = syntheticTasks[name!];
    if (def === undefined) throw new UserError(dataMessages.unknownSynthetic(task.id, name!, syntheticTaskNames));
    checkKind(task, def.kind, def.kind === 'classification' ? def.labelNames.length : undefined);
    for (const split of needed) {
      const count = task.examples?.[split] ?? def.defaultCounts[split];
      out[split] = generateSynthetic(def, name!, Number(seedText), split, count);
    }
  } else {
    throw new UserError(dataMessages.unknownTaskSource(task.id, task.source));
  }
  return out as SourceSplits;
}
