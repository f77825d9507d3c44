/** Reads and validates a report.json for `reftbench check`; any problem is a UserError naming the file. */
import { existsSync, readFileSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { checkMessages } from '../messages/index.ts';
import { validateReport } from '../report/schema-validators.ts';
import type { Report } from '../types/report.ts';

export function loadReport(file: string, role: 'current' | 'baseline'): Report {
  if (!existsSync(file)) throw new UserError(checkMessages.missingFile(role, file));
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UserError(checkMessages.invalidJson(file, (error as Error).message));
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (value !== null && typeof value === 'object' && version !== 1) throw new UserError(checkMessages.unsupportedVersion(file, version));
  const checked = validateReport(value);
  if (!checked.ok) throw new UserError(checkMessages.invalidReport(file, checked.problems));
  return checked.value;
}
