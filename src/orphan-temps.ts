/**
 * Folders written atomically (a report bundle, a model directory) are built in a sibling
 * `.<name>.tmp-<pid>-<time>` and renamed into place; a writer killed before the rename leaves that
 * sibling behind. The next writer of the same target removes the ones whose process is gone.
 */
import { readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** True when a process with this pid exists on this machine. */
export function pidAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The name of a temporary sibling of `target` for this process (`kind`: tmp, or old for a folder moved aside). */
export function siblingName(target: string, kind: 'tmp' | 'old'): string {
  return join(dirname(target), `.${basename(target)}.${kind}-${process.pid}-${Date.now()}`);
}

/** Removes the temporary siblings of `target` left by dead processes; returns their names. */
export function removeOrphanSiblings(target: string, kinds: readonly ('tmp' | 'old')[] = ['tmp']): string[] {
  const prefix = `.${basename(target)}.`;
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dirname(target));
  } catch {
    return removed; // no parent yet: nothing left behind
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(tmp|old)-(\d+)-\d+$/.exec(name.slice(prefix.length));
    if (match === null || !kinds.includes(match[1] as 'tmp' | 'old') || pidAlive(Number(match[2]))) continue;
    rmSync(join(dirname(target), name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
