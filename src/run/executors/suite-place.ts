/**
 * Where a setting sits in the suite file, as messages name it: "file:line:column /json/pointer".
 * Used when a value the runner refuses came from the suite (its executor block) rather than from
 * the command line, so the message points at the file the user has to edit.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseJsonDocument } from '../../suite/json-text.ts';

/** `file` as the user gave it (relative to `cwd`); without a readable file, just "file pointer". */
export function suitePlace(file: string, cwd: string, pointer: string): string {
  try {
    const parsed = parseJsonDocument(readFileSync(resolve(cwd, file), 'utf8'));
    if (parsed.ok) {
      const at = parsed.doc.locate(pointer);
      return `${file}:${at.line}:${at.column} ${pointer}`;
    }
  } catch {
    // unreadable since it was loaded: name the file without a position
  }
  return `${file} ${pointer}`;
}
