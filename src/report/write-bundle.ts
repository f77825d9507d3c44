/**
 * Writes a bundle atomically: into a fresh sibling temporary directory, then renamed over the
 * output directory (an existing one is moved aside first and removed after). A crash leaves either
 * the old report or the new one, never a mix.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { reportMessages } from '../messages/index.ts';
import type { BundleFiles } from './bundle.ts';

export function writeBundle(out: string, files: BundleFiles): void {
  if (existsSync(out) && !statSync(out).isDirectory()) throw new UserError(reportMessages.outIsFile(out));
  const parent = dirname(out);
  mkdirSync(parent, { recursive: true });
  const tag = `${process.pid}-${Date.now()}`;
  const temp = join(parent, `.${basename(out)}.tmp-${tag}`);
  const old = join(parent, `.${basename(out)}.old-${tag}`);
  try {
    for (const [path, content] of files) {
      const target = join(temp, path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content);
    }
    if (existsSync(out)) renameSync(out, old);
    renameSync(temp, out);
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(out)) renameSync(old, out);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}
