/**
 * The batch schedule as the torch worker reads it: one file per schedule, named by its hash under
 * the cache (`<cacheDir>/schedules/<hash>.i32`), written atomically once and shared by every run
 * with the same schedule. Layout, little-endian int32 (read by
 * src/backends/torch/reftbench_worker/schedule_file.py):
 *
 *   magic 0x52425343 ("RBSC"), version 1, steps S, rows[0..S-1], indices of step 0, step 1, …
 *
 * Indices are positions in the tokenized training split.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { BatchSchedule } from './batch-schedule.ts';
import { writeFileAtomic } from './atomic-write.ts';

export const SCHEDULE_FILE_MAGIC = 0x52425343;
const SCHEDULE_FILE_VERSION = 1;

/** The bytes of a schedule file. */
export function encodeSchedule(schedule: BatchSchedule): Uint8Array {
  const total = schedule.steps.reduce((a, s) => a + s.length, 0);
  const words = new Int32Array(3 + schedule.steps.length + total);
  words[0] = SCHEDULE_FILE_MAGIC;
  words[1] = SCHEDULE_FILE_VERSION;
  words[2] = schedule.steps.length;
  let at = 3;
  for (const step of schedule.steps) words[at++] = step.length;
  for (const step of schedule.steps) for (const i of step) words[at++] = i;
  const view = new DataView(words.buffer);
  for (let k = 0; k < words.length; k++) view.setInt32(k * 4, words[k]!, true);
  return new Uint8Array(words.buffer);
}

/** Steps of a schedule file's bytes (the inverse of `encodeSchedule`). */
export function decodeSchedule(bytes: Uint8Array): number[][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (k: number) => view.getInt32(k * 4, true);
  if (bytes.byteLength < 12 || word(0) !== SCHEDULE_FILE_MAGIC || word(1) !== SCHEDULE_FILE_VERSION) throw new Error('not a reftbench schedule file');
  const steps = word(2);
  const out: number[][] = [];
  let at = 3 + steps;
  for (let s = 0; s < steps; s++) {
    const rows = word(3 + s);
    out.push(Array.from({ length: rows }, (_, r) => word(at + r)));
    at += rows;
  }
  return out;
}

/** Writes the schedule's file under `cacheDir` (once) and returns its path. */
export async function writeScheduleFile(cacheDir: string, schedule: BatchSchedule): Promise<string> {
  const dir = join(cacheDir, 'schedules');
  const file = join(dir, `${schedule.hash}-${schedule.steps.length}.i32`);
  if (existsSync(file)) return file;
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(file, encodeSchedule(schedule));
  return file;
}
