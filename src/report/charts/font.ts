/**
 * Finds the DejaVu Sans font files the PNG renderer needs (resvg renders with exactly these files,
 * no system font lookup, so PNGs do not depend on what else is installed).
 * REFTBENCH_FONT may name a regular-weight .ttf; a bold file beside it is used when present.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../../errors.ts';
import { reportMessages } from '../../messages/index.ts';

const CANDIDATE_DIRS = [
  '/usr/share/fonts/truetype/dejavu',
  '/usr/share/fonts/dejavu',
  '/usr/share/fonts/TTF',
  '/usr/share/fonts/dejavu-sans-fonts',
  '/usr/local/share/fonts',
  '/opt/homebrew/share/fonts',
  '/Library/Fonts',
];

export function findFontFiles(env: NodeJS.ProcessEnv): string[] {
  const explicit = env.REFTBENCH_FONT;
  const regular = explicit && existsSync(explicit) ? explicit : CANDIDATE_DIRS.map((d) => join(d, 'DejaVuSans.ttf')).find((f) => existsSync(f));
  if (!regular) throw new UserError(reportMessages.fontMissing(explicit ? [explicit, ...CANDIDATE_DIRS] : CANDIDATE_DIRS));
  const bold = join(dirname(regular), 'DejaVuSans-Bold.ttf');
  return existsSync(bold) ? [regular, bold] : [regular];
}
