/**
 * Files of a Hugging Face hub dataset repository: their download URL on a configurable endpoint,
 * where reftbench caches them, where the hub's own Python library may already have cached them,
 * and the download itself (streamed to a temporary file, fsynced, renamed).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fsyncDir } from './atomic-write.ts';

/** A dataset repository on the hub, pinned to a revision (a branch name or a commit). */
export interface HubRepo {
  id: string;
  revision: string;
}

/** Why the hub could not provide a file; the caller folds it into the "data missing" message. */
export class HubUnavailable extends Error {
  override readonly name = 'HubUnavailable';
}

export function hubFileUrl(endpoint: string, repo: HubRepo, path: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return `${endpoint}/datasets/${repo.id}/resolve/${encodeURIComponent(repo.revision)}/${encoded}`;
}

/** reftbench's own cached copy: `<cache>/hub/<owner>--<name>/<revision>/<path>`. */
export function hubCachePath(cacheDir: string, repo: HubRepo, path: string): string {
  return join(cacheDir, 'hub', repo.id.replace('/', '--'), repo.revision, ...path.split('/'));
}

const isFile = async (path: string): Promise<boolean> => (await stat(path).catch(() => undefined))?.isFile() ?? false;

/**
 * A copy the `huggingface_hub` library already downloaded (`datasets--owner--name/snapshots/<sha>/<path>`),
 * found through `refs/<revision>` when present, else in any snapshot.
 */
export async function findInHubLibraryCache(hubCacheDir: string, repo: HubRepo, path: string): Promise<string | undefined> {
  const root = join(hubCacheDir, `datasets--${repo.id.replace('/', '--')}`, 'snapshots');
  const snapshots = await readdir(root).catch(() => [] as string[]);
  for (const snapshot of snapshots.sort()) {
    const candidate = join(root, snapshot, ...path.split('/'));
    if (await isFile(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Downloads `url` to `target` atomically. Network failures, HTTP errors and a body that does not start
 * with `expectMagic` (a proxy's HTML page instead of the file) become `HubUnavailable`.
 */
export async function downloadFile(url: string, target: string, expectMagic?: Buffer, timeoutMs = 300_000): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new HubUnavailable(`${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  if (!response.ok || response.body === null) {
    throw new HubUnavailable(`HTTP ${response.status} ${response.statusText}`.trim());
  }
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.download`;
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(temp));
    const handle = await open(temp, 'r+');
    try {
      await handle.sync();
      if (expectMagic !== undefined) {
        const head = Buffer.alloc(expectMagic.length);
        await handle.read(head, 0, head.length, 0);
        if (!head.equals(expectMagic)) throw new HubUnavailable(`the server answered with something else than the file (${response.headers.get('content-type') ?? 'unknown type'})`);
      }
    } finally {
      await handle.close();
    }
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    if (error instanceof HubUnavailable) throw error;
    throw new HubUnavailable(`interrupted: ${error instanceof Error ? error.message : String(error)}`);
  }
  await fsyncDir(dirname(target));
}
