/**
 * Writes a bundle atomically: into a fresh sibling temporary directory, then renamed over the
 * output directory (an existing one is moved aside first and removed after). A crash leaves either
 * the old report or the new one, never a mix. Since the folder is replaced as a whole, it must be
 * new, empty, or an earlier report: a folder holding anything else (results, a user's files) is
 * refused before anything is written.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { reportMessages } from '../messages/index.ts';
import { removeOrphanSiblings, siblingName } from '../orphan-temps.ts';
import type { BundleFiles } from './bundle.ts';

/** What a report bundle holds (bundle.ts): these files at the top, and charts/ and tables/ of these kinds. */
const REPORT_FILES = new Set(['report.json', 'README.md', 'index.html']);
const REPORT_FOLDERS: Record<string, RegExp> = { charts: /\.(vl\.json|svg|png|pdf)$/, tables: /\.(csv|tex)$/ };

/** Files a desktop leaves in any folder it shows (Finder, Explorer): no one's work, replaced with the report. */
const DESKTOP_FILES = new Set(['.DS_Store', 'Thumbs.db', 'desktop.ini']);

/** The first entry of `dir` that a report bundle does not hold (a link counts as foreign), or undefined. */
function foreignEntry(dir: string): string | undefined {
  for (const name of readdirSync(dir).sort()) {
    if (DESKTOP_FILES.has(name)) continue;
    const stat = lstatSync(join(dir, name));
    const kinds = REPORT_FOLDERS[name];
    if (kinds && stat.isDirectory()) {
      for (const inner of readdirSync(join(dir, name)).sort()) {
        if (DESKTOP_FILES.has(inner)) continue;
        if (!kinds.test(inner) || !lstatSync(join(dir, name, inner)).isFile()) return join(name, inner);
      }
    } else if (!(REPORT_FILES.has(name) && stat.isFile())) return name;
  }
  return undefined;
}

/** Throws a UserError unless `out` can be replaced by a report: absent, an empty folder or an earlier report. */
export function checkOutDir(out: string): void {
  if (!existsSync(out)) return;
  if (!lstatSync(out).isDirectory()) throw new UserError(reportMessages.outIsFile(out));
  const foreign = foreignEntry(out);
  if (foreign !== undefined) throw new UserError(reportMessages.outNotAReport(out, join(out, foreign)));
}

export function writeBundle(out: string, files: BundleFiles): void {
  checkOutDir(out);
  const parent = dirname(out);
  try {
    mkdirSync(parent, { recursive: true });
  } catch (error) {
    throw new UserError(reportMessages.outParentUnusable(out, parent, (error as NodeJS.ErrnoException).code ?? (error as Error).message));
  }
  // Left by a report killed mid-write: its temporary folder, and an earlier report it had moved
  // aside (only once a report stands in its place again).
  removeOrphanSiblings(out, existsSync(out) ? ['tmp', 'old'] : ['tmp']);
  const temp = siblingName(out, 'tmp');
  const old = siblingName(out, 'old');
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
