/**
 * Reads a data file as UTF-8 text, turning every way it can fail (missing, unreadable, not UTF-8)
 * into one `UserError` that names the file and, for bad bytes, the line.
 */
import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';

export async function readTextFile(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new UserError(dataMessages.unreadableFile(file, reason));
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const line = lenient.slice(0, lenient.indexOf('\uFFFD')).split('\n').length;
    throw new UserError(dataMessages.notUtf8(file, line));
  }
}
