/**
 * Files of a Hugging Face hub repository (a dataset, or a model: src/models/hub-model.ts): their
 * download URL on a configurable endpoint, where reftbench caches them, where the hub's own Python
 * library may already have cached them, and the download itself (streamed to a temporary file,
 * fsynced, renamed; given up when no byte arrives for a while, however long the whole file takes).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { fsyncDir } from './atomic-write.ts';
import { withDownloadLock } from './download-lock.ts';

/** A repository on the hub, pinned to a revision (a branch name or a commit); a dataset unless `type` says model. */
export interface HubRepo {
  id: string;
  revision: string;
  type?: 'dataset' | 'model';
}

/** Why the hub could not provide a file; the caller folds it into the "data missing" message. */
export class HubUnavailable extends Error {
  override readonly name = 'HubUnavailable';
  /** The HTTP status when the server answered with an error (404: no such file in the repository). */
  readonly status: number | undefined;

  constructor(message: string, status?: number) {
    super(message);
    this.status = status;
  }
}

/** `<endpoint>/datasets/<id>/resolve/<revision>/<path>` (datasets) or `<endpoint>/<id>/resolve/…` (models). */
export function hubFileUrl(endpoint: string, repo: HubRepo, path: string): string {
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const prefix = repo.type === 'model' ? '' : '/datasets';
  return `${endpoint}${prefix}/${repo.id}/resolve/${encodeURIComponent(repo.revision)}/${encoded}`;
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

export interface DownloadOptions {
  /** Sent as `Authorization: Bearer …` (fetch drops it when a redirect leads to another host). */
  token?: string;
  /** Called once the server answered, with the file's size when the answer states it. */
  onStart?: (bytes: number | undefined) => void;
}

export interface Downloaded {
  /** The repository commit the hub resolved the revision to (its X-Repo-Commit header), when it said. */
  commit: string | undefined;
  bytes: number;
}

/**
 * The snapshot folder of `repo` at its revision in the `huggingface_hub` library's cache
 * (`<type>s--owner--name/snapshots/<sha>`, the sha read from `refs/<revision>` unless the revision
 * is a commit), when there is one.
 */
export async function hubLibrarySnapshot(hubCacheDir: string, repo: HubRepo): Promise<string | undefined> {
  const root = join(hubCacheDir, `${repo.type === 'model' ? 'models' : 'datasets'}--${repo.id.replace('/', '--')}`);
  const commit = /^[0-9a-f]{40}$/.test(repo.revision)
    ? repo.revision
    : (await readFile(join(root, 'refs', ...repo.revision.split('/')), 'utf8').catch(() => '')).trim();
  if (!/^[0-9a-f]{40}$/.test(commit)) return undefined;
  const snapshot = join(root, 'snapshots', commit);
  return (await stat(snapshot).catch(() => undefined))?.isDirectory() ? snapshot : undefined;
}

/** Whether the server has the file at `url` (a HEAD request that ends in 200), without downloading it. */
export async function hubFileExists(url: string, token?: string, timeoutMs = 60_000): Promise<boolean> {
  try {
    const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
    const response = await fetch(url, { method: 'HEAD', redirect: 'follow', headers, signal: AbortSignal.timeout(timeoutMs) });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * `downloadFile` under the lock `<target>.lock` (src/data/download-lock.ts): a process that finds
 * another downloading the same file waits for it and uses its copy instead of fetching it again.
 */
export async function downloadFileOnce(url: string, target: string, expectMagic?: Buffer, stallMs?: number, options: DownloadOptions = {}): Promise<void> {
  await withDownloadLock(target, async () => {
    if (!(await isFile(target))) await downloadFile(url, target, expectMagic, stallMs, options);
  });
}

/**
 * Downloads `url` to `target` atomically: nothing is at `target` until every byte is there.
 * Network failures, HTTP errors (with their status), a body shorter than its stated length, no
 * byte for `stallMs`, and a body that does not start with `expectMagic` (a proxy's HTML page
 * instead of the file) become `HubUnavailable`.
 */
export async function downloadFile(url: string, target: string, expectMagic?: Buffer, stallMs = 300_000, options: DownloadOptions = {}): Promise<Downloaded> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(new Error(`no data for ${Math.round(stallMs / 1000)} s`)), stallMs);
  };
  arm();
  try {
    return await download(url, target, expectMagic, controller.signal, arm, options);
  } finally {
    clearTimeout(timer);
  }
}

async function download(url: string, target: string, expectMagic: Buffer | undefined, signal: AbortSignal, alive: () => void, options: DownloadOptions): Promise<Downloaded> {
  let response: Response;
  try {
    const headers: Record<string, string> = options.token === undefined ? {} : { authorization: `Bearer ${options.token}` };
    response = await fetch(url, { signal, redirect: 'follow', headers });
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new HubUnavailable(`${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  if (!response.ok || response.body === null) {
    await response.body?.cancel().catch(() => undefined);
    throw new HubUnavailable(`HTTP ${response.status} ${response.statusText}`.trim(), response.status);
  }
  // A compressed answer states the compressed length, not the file's.
  const lengthHeader = response.headers.get('content-encoding') === null ? response.headers.get('content-length') : null;
  const expected = lengthHeader === null || !/^\d+$/.test(lengthHeader) ? undefined : Number(lengthHeader);
  options.onStart?.(expected);
  await mkdir(dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.download`;
  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      bytes += chunk.length;
      alive();
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), counter, createWriteStream(temp));
    if (expected !== undefined && bytes !== expected) throw new HubUnavailable(`interrupted: got ${bytes} of ${expected} bytes`);
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
    // The file system refused the write (full, read-only, no permission): the CLI's disk message, for the file asked for.
    if (error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string') {
      (error as NodeJS.ErrnoException).path = target;
      throw error;
    }
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    throw new HubUnavailable(`interrupted: ${error instanceof Error ? error.message : String(error)}${cause}`);
  }
  await fsyncDir(dirname(target));
  return { commit: response.headers.get('x-repo-commit') ?? undefined, bytes };
}
