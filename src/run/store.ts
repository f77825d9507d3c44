/**
 * The results store: one JSON file per run at `<results>/<run-id>.json` (the runner passes
 * `results/<suite>`). A result is validated against schemas/result.schema.json, written to a
 * temporary file, fsynced, renamed into place and the folder fsynced, so a reader (or a resumed
 * runner after SIGKILL) sees either no file or a complete, valid one. An existing valid file means
 * the run is done; a file that does not parse or validate is reported as corrupt and is rerun.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../data/atomic-write.ts';
import { runMessages } from '../messages/index.ts';
import { validateResult } from '../report/schema-validators.ts';
import type { RunResult } from '../types/result.ts';
import { pidAlive } from '../orphan-temps.ts';

/** What the store holds for a run id. */
export type StoredRun =
  | { state: 'missing' }
  | { state: 'done'; result: RunResult }
  /** A valid file recording a failed, diverged or timed-out run (rerun with --retry-failed). */
  | { state: 'failed'; result: RunResult }
  /** A file that is not a valid result; `notice` is the message to show before rerunning it. */
  | { state: 'corrupt'; notice: string };

const RUN_ID = /^[A-Za-z0-9._-]+$/;

export function resultFile(resultsDir: string, runId: string): string {
  if (!RUN_ID.test(runId)) throw new Error(`invalid run id ${JSON.stringify(runId)}`);
  return join(resultsDir, `${runId}.json`);
}

/** Writes a result atomically. An invalid result is a programming error: nothing is written. */
export async function writeResult(resultsDir: string, result: RunResult): Promise<string> {
  const checked = validateResult(result);
  if (!checked.ok) throw new Error(`refusing to write an invalid result ${result.runId}: ${checked.problems.join('; ')}`);
  if (result.spec.runId !== result.runId) throw new Error(`result ${result.runId} carries spec.runId ${result.spec.runId}`);
  const file = resultFile(resultsDir, result.runId);
  await writeFileAtomic(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

/** Reads what the store holds for `runId`. */
export async function readStoredRun(resultsDir: string, runId: string): Promise<StoredRun> {
  const file = resultFile(resultsDir, runId);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'corrupt', notice: runMessages.corruptResult(file, (error as NodeJS.ErrnoException).code ?? String(error)) };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { state: 'corrupt', notice: runMessages.corruptResult(file, error instanceof Error ? error.message : String(error)) };
  }
  const checked = validateResult(value);
  if (!checked.ok) return { state: 'corrupt', notice: runMessages.corruptResult(file, checked.problems.join('; ')) };
  if (checked.value.runId !== runId) return { state: 'corrupt', notice: runMessages.corruptResult(file, `its runId is ${checked.value.runId}`) };
  return checked.value.status === 'ok' ? { state: 'done', result: checked.value } : { state: 'failed', result: checked.value };
}

/** Run ids of every `<run-id>.json` in the folder (valid or not). */
export async function storedRunIds(resultsDir: string): Promise<string[]> {
  const names = await readdir(resultsDir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('.json') && !n.startsWith('.')).map((n) => n.slice(0, -'.json'.length)).sort();
}

/**
 * Deletes temporary files left by writers that were killed mid-write (`.<name>.<pid>.<time>.tmp`
 * whose pid is gone). Call with the directory lock held. Returns the names removed.
 */
export async function removeOrphanTemps(resultsDir: string): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await readdir(resultsDir).catch(() => [] as string[])) {
    const match = /^\..+\.(\d+)\.\d+\.tmp$/.exec(name);
    if (match === null || pidAlive(Number(match[1]))) continue;
    await unlink(join(resultsDir, name)).catch(() => undefined);
    removed.push(name);
  }
  return removed;
}
