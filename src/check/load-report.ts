/**
 * Reads, validates and verifies a report.json for `reftbench check` (schema, then verify-report.ts:
 * finite, no duplicate rows, figures consistent with their per-seed values); any problem is a
 * UserError naming the file and the entry.
 */
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { checkMessages } from '../messages/index.ts';
import { validateReport } from '../report/schema-validators.ts';
import { stripBom } from '../suite/json-text.ts';
import type { Report } from '../types/report.ts';
import { verifyReport } from './verify-report.ts';

function readText(file: string, role: 'current' | 'baseline'): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(checkMessages.missingFile(role, file));
    if (code === 'EISDIR') throw new UserError(checkMessages.isDirectory(role, file));
    throw new UserError(checkMessages.unreadable(role, file, code ?? (error as Error).message));
  }
}

export function loadReport(file: string, role: 'current' | 'baseline'): Report {
  const text = stripBom(readText(file, role));
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(checkMessages.invalidJson(file, (error as Error).message));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value) || !('schemaVersion' in value)) {
    throw new UserError(checkMessages.notAReport(file));
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== 1) throw new UserError(checkMessages.unsupportedVersion(file, version));
  const checked = validateReport(value);
  if (!checked.ok) throw new UserError(checkMessages.invalidReport(file, checked.problems));
  const problem = verifyReport(checked.value);
  if (problem) throw new UserError(checkMessages.inconsistentReport(file, problem.where, problem.what));
  return checked.value;
}
