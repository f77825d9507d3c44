/**
 * Creating a lock file, and removing one whose owner is gone, shared by the results folder's lock (src/run/lock.ts)
 * and the download lock (src/data/download-lock.ts). The lock is first renamed to a private name, so
 * two processes that both found it stale cannot both delete it; if what was renamed turns out not to
 * be the stale lock that was read (another process replaced it meanwhile), it is linked back into
 * place.
 */
import { link, open, readFile, rename, unlink } from 'node:fs/promises';

/** Removes `file` when it still holds `seen` (the stale lock's text as read). */
export async function removeStaleLock(file: string, seen: string): Promise<void> {
  const aside = `${file}.stale.${process.pid}.${Date.now()}`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => '');
  if (moved !== seen) await link(aside, file).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

/** Creates `file` holding `owner` as JSON, only if it does not exist yet; false when it does. */
export async function createLockFile(file: string, owner: object): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}
