/**
 * Child process for test/run/store-kill.test.ts: a miniature runner that takes the results lock,
 * cleans orphan temp files, and "runs" run-0 … run-<n-1> (a short busy wait each), skipping the ones
 * already done and writing each result through the store. Prints "ready" once it holds the lock and
 * appends "<run-id> <pid>" to <log> after each write.
 *   node --import tsx test/run/store-kill-child.ts <results-dir> <template.json> <count> <log>
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { acquireDirectoryLock } from '../../src/run/lock.ts';
import { readStoredRun, removeOrphanTemps, writeResult } from '../../src/run/store.ts';
import type { RunResult } from '../../src/types/result.ts';

const [dir, templateFile, countText, log] = process.argv.slice(2) as [string, string, string, string];
const template = JSON.parse(readFileSync(templateFile, 'utf8')) as RunResult;
const lock = await acquireDirectoryLock(dir);
await removeOrphanTemps(dir);
process.stdout.write('ready\n');
for (let i = 0; i < Number(countText); i++) {
  const runId = `run-${i}`;
  if ((await readStoredRun(dir, runId)).state === 'done') continue;
  const until = Date.now() + 15 + Math.random() * 25;
  while (Date.now() < until) {
    // the "training": burn a little time so kills land mid-run as well as mid-write
  }
  const result: RunResult = { ...template, runId, spec: { ...template.spec, runId }, lossCurve: Array.from({ length: 200 }, (_, s) => ({ step: s + 1, loss: 1 / (s + 1) })) };
  await writeResult(dir, result);
  appendFileSync(log, `${runId} ${process.pid}\n`);
}
await lock.release();
process.stdout.write('finished\n');
