/**
 * A lock file that stops two runners from sharing a results directory: `<dir>/.lock`, created with
 * O_EXCL and holding the owner's pid, host and start time. A lock whose owner is gone (same host,
 * pid no longer alive) or whose content is unreadable is stale and is taken over; a lock held by a
 * live process, or by another host, is a `UserError` saying who holds it and what to do. The locks
 * this process holds are also released synchronously by `releaseHeldLocksSync`, for an exit that
 * cannot wait (a forced exit on a repeated Ctrl-C, src/run/signals.ts). A folder the lock created
 * and nothing else wrote into (a run refused before its first result, a refused Slurm submission)
 * is removed again on release, so a mistake leaves no empty results folder behind.
 */
import { hostname } from 'node:os';
import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, readFile, rmdir, stat, unlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { pidAlive } from '../orphan-temps.ts';
import { UserError } from '../errors.ts';
import { runMessages } from '../messages/index.ts';
import { createLockFile, removeStaleLock } from '../stale-lock.ts';

export interface LockOwner {
  pid: number;
  host: string;
  since: string;
}

export interface DirectoryLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Removes the lock if it is still this process's. Safe to call twice. */
  release(): Promise<void>;
}

/** The locks this process holds now, each with a synchronous release. */
const held = new Set<() => void>();

/** Releases every lock this process holds, synchronously (just before a forced `process.exit`). */
export function releaseHeldLocksSync(): void {
  for (const release of [...held]) release();
}

export const LOCK_FILE = '.lock';


function parseOwner(text: string): LockOwner | undefined {
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.since === 'string') {
      return { pid: value.pid, host: value.host, since: value.since };
    }
  } catch {
    // unreadable content: a lock torn by a crash between create and write
  }
  return undefined;
}

/** A lock with unreadable content younger than this may be one being written right now. */
const TORN_LOCK_GRACE_MS = 10_000;

async function isStale(file: string, owner: LockOwner | undefined): Promise<boolean> {
  if (owner !== undefined) return owner.host === hostname() && !pidAlive(owner.pid);
  const modified = (await stat(file).catch(() => undefined))?.mtimeMs;
  return modified === undefined || Date.now() - modified > TORN_LOCK_GRACE_MS;
}


/** Removes `dir` and the parents up to `top` that this lock created, each only while it is empty. */
async function removeIfEmpty(dir: string, top: string): Promise<void> {
  for (let current = dir; !relative(top, current).startsWith('..'); current = dirname(current)) {
    try {
      await rmdir(current);
    } catch {
      return; // not empty (results were written), or already gone
    }
    if (current === top) return;
  }
}

/** Takes the lock of `dir` (creating the folder), or throws a `UserError` when a live runner holds it. */
export async function acquireDirectoryLock(dir: string): Promise<DirectoryLock> {
  let firstCreated: string | undefined;
  try {
    firstCreated = await mkdir(dir, { recursive: true });
  } catch (error) {
    throw new UserError(runMessages.resultsNotWritable(dir, (error as NodeJS.ErrnoException).code ?? String(error)));
  }
  const file = join(dir, LOCK_FILE);
  const owner: LockOwner = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 5; attempt++) {
    let created: boolean;
    try {
      created = await createLockFile(file, owner);
    } catch (error) {
      throw new UserError(runMessages.resultsNotWritable(dir, (error as NodeJS.ErrnoException).code ?? String(error)));
    }
    if (created) {
      const ours = (text: string) => {
        const current = parseOwner(text);
        return current?.pid === owner.pid && current.since === owner.since;
      };
      const releaseSync = () => {
        held.delete(releaseSync);
        try {
          if (ours(readFileSync(file, 'utf8'))) unlinkSync(file);
        } catch {
          // already gone, or unreadable: nothing of ours to remove
        }
      };
      held.add(releaseSync);
      let releasing: Promise<void> | undefined;
      return {
        file,
        owner,
        release() {
          // held until the file is gone, so a forced exit meanwhile still removes it
          releasing ??= (async () => {
            if (ours(await readFile(file, 'utf8').catch(() => ''))) await unlink(file).catch(() => undefined);
            held.delete(releaseSync);
            if (firstCreated !== undefined) await removeIfEmpty(dir, firstCreated);
          })();
          return releasing;
        },
      };
    }
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text === undefined) continue; // released between our create and read: try again
    const holder = parseOwner(text);
    if (!(await isStale(file, holder))) {
      throw new UserError(runMessages.resultsLocked(dir, holder?.pid ?? -1, holder?.host ?? 'unknown', holder?.since ?? 'a moment ago'));
    }
    await removeStaleLock(file, text);
  }
  throw new UserError(runMessages.resultsLocked(dir, -1, 'unknown', 'a moment ago'));
}
