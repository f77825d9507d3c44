/**
 * Finds the DejaVu Sans font files the PNG renderer needs (resvg renders with exactly these files,
 * no system font lookup, so PNGs do not depend on what else is installed).
 * REFTBENCH_FONT may name a regular-weight TrueType or OpenType file; a DejaVuSans-Bold.ttf beside it
 * is used when present. A setting that names no font is the user's mistake (exit 2), never a silent
 * fallback to the system's font or PNGs without text.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../errors.ts';
import { reportMessages } from '../../messages/index.ts';
import { fontTables } from './font-subset.mjs';

const CANDIDATE_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/local/share/fonts',
  '/opt/homebrew/share/fonts',
  '/Library/Fonts',
];

/** Tables a font needs for resvg to draw text with it: a character map and outlines (TrueType or CFF). */
function missingTables(tables: readonly string[]): string | null {
  if (tables.length === 0) return 'it is not a whole TrueType or OpenType file (no table directory, or one pointing past its end)';
  if (!tables.includes('cmap')) return 'it has no character map (cmap table)';
  if (!tables.some((t) => t === 'glyf' || t === 'CFF ' || t === 'CFF2')) return 'it has no glyph outlines (glyf or CFF table)';
  return null;
}

/** The file REFTBENCH_FONT names, checked to be a font resvg can draw with. */
function explicitFont(file: string): string {
  let bytes: Uint8Array;
  try {
    if (!statSync(file).isFile()) throw new UserError(reportMessages.fontNotAFont(file, 'it is not a file'));
    bytes = readFileSync(file);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(reportMessages.fontUnreadable(file, code === 'ENOENT' ? 'no such file' : (error as Error).message));
  }
  const why = missingTables(fontTables(bytes));
  if (why) throw new UserError(reportMessages.fontNotAFont(file, why));
  return file;
}

export function findFontFiles(env: NodeJS.ProcessEnv): string[] {
  const explicit = env.REFTBENCH_FONT;
  const regular = explicit ? explicitFont(explicit) : CANDIDATE_DIRS.map((d) => join(d, 'DejaVuSans.ttf')).find((f) => existsSync(f));
  if (!regular) throw new UserError(reportMessages.fontMissing(CANDIDATE_DIRS));
  const bold = join(dirname(regular), 'DejaVuSans-Bold.ttf');
  return bold !== regular && existsSync(bold) ? [regular, bold] : [regular];
}
