/**
 * Makes the file system refuse writes under one folder, in this process, as a full disk
 * (ENOSPC) or a read-only one (EROFS) would: node's fs functions are replaced and
 * `syncBuiltinESMExports` carries the replacement into every module's `import { … } from 'node:fs'`.
 * `after` lets that many writes through first. A file opened for writing through a handle is
 * created and then half written before its write fails, as when a disk fills up mid-write. Returns the function that puts node's own back.
 */
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { basename, resolve, sep } from 'node:path';

export interface FailingWrites {
  code: 'ENOSPC' | 'EROFS' | 'EACCES' | 'EPERM';
  /** Writes let through before the first refusal (default 0). */
  after?: number;
  /** File names never refused (the results lock, say). */
  spare?: readonly string[];
}

function errnoError(code: string, syscall: string, path?: string): NodeJS.ErrnoException {
  const error: NodeJS.ErrnoException = new Error(`${code}: refused by the test, ${syscall}${path ? ` '${path}'` : ''}`);
  error.code = code;
  error.syscall = syscall;
  if (path !== undefined) error.path = path;
  return error;
}

const writing = (flags: unknown): boolean => typeof flags === 'string' && /[wa+]/.test(flags);

export function failWritesUnder(dir: string, options: FailingWrites): () => void {
  const root = resolve(dir) + sep;
  let allowed = options.after ?? 0;
  const refuses = (path: unknown): boolean => {
    if (typeof path !== 'string' || !resolve(path).startsWith(root)) return false;
    if (options.spare?.includes(basename(path))) return false;
    return allowed-- <= 0;
  };
  const original = { writeFileSync: fs.writeFileSync, open: fs.promises.open, writeFile: fs.promises.writeFile, openSync: fs.openSync };
  fs.writeFileSync = ((path: fs.PathOrFileDescriptor, data: string | NodeJS.ArrayBufferView, opts?: fs.WriteFileOptions) => {
    if (refuses(path)) throw errnoError(options.code, 'open', path as string);
    return original.writeFileSync(path, data, opts);
  }) as typeof fs.writeFileSync;
  fs.openSync = ((path: fs.PathLike, flags?: fs.OpenMode, mode?: fs.Mode) => {
    if (writing(flags) && refuses(path)) throw errnoError(options.code, 'open', path as string);
    return original.openSync(path, flags ?? 'r', mode);
  }) as typeof fs.openSync;
  fs.promises.writeFile = (async (path: fs.PathLike | fs.promises.FileHandle, data: string | Uint8Array, opts?: fs.WriteFileOptions) => {
    if (refuses(path)) throw errnoError(options.code, 'open', path as string);
    return original.writeFile(path, data, opts as never);
  }) as typeof fs.promises.writeFile;
  // A file opened for writing is created, as on a full disk; its first write puts half the data
  // down and then fails.
  fs.promises.open = (async (path: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
    const handle = await original.open(path, flags, mode);
    if (!writing(flags) || !refuses(path)) return handle;
    const fail = async (data: string | Uint8Array) => {
      const bytes = typeof data === 'string' ? Buffer.from(data) : data;
      await handle.write(bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw errnoError(options.code, 'write');
    };
    return new Proxy(handle, {
      get: (target, key) => (key === 'writeFile' || key === 'write' ? fail : (Reflect.get(target, key) as unknown as { bind?: unknown }) && typeof Reflect.get(target, key) === 'function' ? (Reflect.get(target, key) as (...a: unknown[]) => unknown).bind(target) : Reflect.get(target, key)),
    });
  }) as typeof fs.promises.open;
  syncBuiltinESMExports();
  return () => {
    Object.assign(fs, { writeFileSync: original.writeFileSync, openSync: original.openSync });
    Object.assign(fs.promises, { open: original.open, writeFile: original.writeFile });
    syncBuiltinESMExports();
  };
}
