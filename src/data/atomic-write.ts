/**
 * Writes a file so that readers see either nothing or the whole file: write to a temporary file in
 * the same folder, fsync it, rename it over the target, fsync the folder.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** fsyncs a directory so a rename inside it survives a crash. */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Atomically replaces `file` with `data`, creating its folder when needed. */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    // Named by the file the caller asked for (a handle's write error has no path; the temporary's
    // name means nothing to a user): the message of a full disk says which file was not replaced.
    if (error instanceof Error) (error as NodeJS.ErrnoException).path = file;
    throw error;
  }
  await fsyncDir(dir);
}
