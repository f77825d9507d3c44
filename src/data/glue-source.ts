/**
 * Finds a GLUE split wherever it is, in a fixed order:
 *   1. the data directory in the standard GLUE TSV layout (`<data-dir>/glue/<TASK>/train.tsv`, `dev.tsv`);
 *   2. a local cache: reftbench's own download cache, then the `huggingface_hub` library's cache;
 *   3. the Hugging Face hub's parquet files (`nyu-mll/glue`), downloaded into reftbench's cache
 *      (by one process at a time: the others wait and use its copy), unless HF_HUB_OFFLINE is set.
 * When none has it, one `UserError` lists what was tried and what to set.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';
import type { ExampleSet } from './examples.ts';
import { glueExamplesFromParquet } from './glue-parquet.ts';
import { findGlueTask, glueTaskNames, type GlueSplit, type GlueTaskDef } from './glue-tasks.ts';
import { loadGlueTsv } from './glue-tsv.ts';
import { downloadFileOnce, findInHubLibraryCache, hubCachePath, hubFileUrl, HubUnavailable, type HubRepo } from './hub-files.ts';
import type { DataLocations } from './locations.ts';
import { readParquetTable } from './parquet-rows.ts';

/** The hub repository GLUE is downloaded from. Its parquet files sit at `<config>/<split>-00000-of-00001.parquet`. */
export const glueHubRepo: HubRepo = { id: 'nyu-mll/glue', revision: 'main' };

/** Every parquet file starts with these bytes. */
const PARQUET_MAGIC = Buffer.from('PAR1');

/** Where a split was found, for logs and result provenance. */
export type GlueOrigin = 'data-dir' | 'cache' | 'hub';

export interface LoadedGlueSplit {
  task: GlueTaskDef;
  split: GlueSplit;
  examples: ExampleSet;
  origin: GlueOrigin;
  /** The file the examples were read from. */
  file: string;
}

const exists = async (path: string): Promise<boolean> => (await stat(path).catch(() => undefined)) !== undefined;

/** Resolves the GLUE task by any usual spelling, or throws a `UserError` listing the known ones. */
export function requireGlueTask(name: string): GlueTaskDef {
  const task = findGlueTask(name);
  if (task === undefined) throw new UserError(dataMessages.unknownGlueTask(name, glueTaskNames));
  return task;
}

/** Loads one labelled split of a GLUE task from the first source that has it. */
export async function loadGlueSplit(taskName: string, split: GlueSplit, where: DataLocations): Promise<LoadedGlueSplit> {
  const task = requireGlueTask(taskName);
  const tried: string[] = [];

  if (where.dataDir !== undefined) {
    for (const name of task.files[split]) {
      const file = join(where.dataDir, 'glue', task.dir, name);
      if (await exists(file)) return { task, split, examples: await loadGlueTsv(task, file), origin: 'data-dir', file };
      tried.push(file);
    }
  } else {
    tried.push('a data directory (REFTBENCH_DATA_DIR / --data-dir is not set)');
  }

  const hubPath = `${task.hub.config}/${task.hub.files[split]}`;
  const cached = hubCachePath(where.cacheDir, glueHubRepo, hubPath);
  const fromParquet = async (file: string, origin: GlueOrigin): Promise<LoadedGlueSplit> => {
    let table;
    try {
      table = await readParquetTable(file);
    } catch (error) {
      throw new UserError(dataMessages.badParquet(file, error instanceof Error ? error.message : String(error)));
    }
    return { task, split, origin, file, examples: glueExamplesFromParquet(task, table, file) };
  };
  if (await exists(cached)) return fromParquet(cached, 'cache');
  tried.push(cached);
  const libraryCopy = await findInHubLibraryCache(where.hubCacheDir, glueHubRepo, hubPath);
  if (libraryCopy !== undefined) return fromParquet(libraryCopy, 'cache');
  tried.push(`the huggingface_hub cache in ${where.hubCacheDir}`);

  if (where.offline) throw new UserError(dataMessages.glueDataMissing(task.dir, split, tried, dataMessages.hubOffline()));
  const url = hubFileUrl(where.hubEndpoint, glueHubRepo, hubPath);
  try {
    await downloadFileOnce(url, cached, PARQUET_MAGIC);
  } catch (error) {
    if (!(error instanceof HubUnavailable)) throw error;
    throw new UserError(dataMessages.glueDataMissing(task.dir, split, tried, dataMessages.hubDownloadFailed(url, error.message)));
  }
  return fromParquet(cached, 'hub');
}
