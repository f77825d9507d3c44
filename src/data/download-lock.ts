/**
 * A lock that makes two processes downloading the same hub files (two runs, or `prefetch` and a run,
 * possibly on two machines sharing the cache folder) take turns instead of fetching the same bytes
 * twice: `<target>.lock`, created with O_EXCL and holding the holder's pid, host and start time. The
 * holder touches the file every few seconds; a lock whose holder is gone (same host, pid not alive)
 * or that nobody touched for a minute (a holder on another host that died) is taken over. A waiter
 * polls until the lock is free, then runs its own work, which usually finds the files already there.
 */
import { hostname } from 'node:os';
import { mkdir, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pidAlive } from '../orphan-temps.ts';
import { createLockFile, removeStaleLock } from '../stale-lock.ts';

export interface DownloadLockOwner {
  pid: number;
  host: string;
  since: string;
}

export interface DownloadLockTiming {
  /** How often the holder touches its lock (ms). */
  heartbeatMs: number;
  /** A lock untouched for this long is stale, whoever holds it (ms). */
  staleMs: number;
  /** How often a waiter looks again (ms). */
  pollMs: number;
}

const DEFAULT_TIMING: DownloadLockTiming = { heartbeatMs: 5_000, staleMs: 60_000, pollMs: 500 };

function parseOwner(text: string): DownloadLockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<DownloadLockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string') return { pid: value.pid, host: value.host, since: value.since };
  } catch {
    // torn: created but not yet (or never) written
  }
  return undefined;
}


/** Whether the lock as read (`text`, modified at `mtimeMs`) belongs to nobody alive. */
function isStale(text: string, mtimeMs: number, timing: DownloadLockTiming): boolean {
  if (Date.now() - mtimeMs > timing.staleMs) return true;
  const owner = parseOwner(text);
  return owner !== undefined && owner.host === hostname() && !pidAlive(owner.pid);
}

/**
 * Runs `work` while holding `<target>.lock`, waiting for another holder first. `onWait` is called
 * once, with the holder, when this process has to wait.
 */
export async function withDownloadLock<T>(
  target: string, work: () => Promise<T>, onWait?: (holder: DownloadLockOwner | undefined) => void, timing: DownloadLockTiming = DEFAULT_TIMING,
): Promise<T> {
  const file = `${target}.lock`;
  await mkdir(dirname(file), { recursive: true });
  const owner: DownloadLockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  let told = false;
  while (!(await createLockFile(file, owner))) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    const modified = (await stat(file).catch(() => undefined))?.mtimeMs;
    if (text === undefined || modified === undefined) continue; // released meanwhile: try again
    if (isStale(text, modified, timing)) {
      await removeStaleLock(file, text);
      continue;
    }
    if (!told) {
      told = true;
      onWait?.(parseOwner(text));
    }
    await sleep(timing.pollMs);
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(file, now, now).catch(() => undefined);
  }, timing.heartbeatMs);
  heartbeat.unref();
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    const current = parseOwner(await readFile(file, 'utf8').catch(() => ''));
    if (current?.pid === owner.pid && current.host === owner.host && current.since === owner.since) await unlink(file).catch(() => undefined);
  }
}
