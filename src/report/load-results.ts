/**
 * Reads a results directory (results/<suite>/): every `*.json` file directly inside it, except
 * names starting with "." or "_" (runner bookkeeping), in file-name order, each validated against
 * schemas/result.schema.json, with no number that is not finite (1e999 parses as Infinity). Any bad
 * file is a UserError naming it (and the field); nothing is skipped silently.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { reportMessages } from '../messages/index.ts';
import type { RunResult } from '../types/result.ts';
import { MAX_NESTING, tooDeepAt } from '../suite/json-text.ts';
import { firstNonFinite } from './first-non-finite.ts';
import { validateResult } from './schema-validators.ts';

/** A result with the file it came from (for messages). */
export interface LoadedResult {
  file: string;
  result: RunResult;
}

export function loadResults(dir: string): LoadedResult[] {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    names = readdirSync(dir);
  } catch {
    throw new UserError(reportMessages.resultsDirMissing(dir));
  }
  const files = names.filter((n) => n.endsWith('.json') && !n.startsWith('.') && !n.startsWith('_')).sort();
  if (files.length === 0) throw new UserError(reportMessages.noResults(dir));
  const seen = new Map<string, string>();
  return files.map((name) => {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new UserError(reportMessages.unreadableResult(file, (error as Error).message));
    }
    // Nested thousands deep, a file would exhaust the stack of the checks below (JSON.parse copes).
    if (tooDeepAt(text) >= 0) throw new UserError(reportMessages.invalidJson(file, `lists and objects nested more than ${MAX_NESTING} levels deep`));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new UserError(reportMessages.invalidJson(file, (error as Error).message));
    }
    const nonFinite = firstNonFinite(value);
    if (nonFinite !== undefined) throw new UserError(reportMessages.nonFiniteInResult(file, nonFinite));
    const checked = validateResult(value);
    if (!checked.ok) throw new UserError(reportMessages.invalidResult(file, checked.problems));
    const result = checked.value;
    if (result.runId !== result.spec.runId) throw new UserError(reportMessages.runIdMismatch(file, result.runId, result.spec.runId));
    const earlier = seen.get(result.runId);
    if (earlier) throw new UserError(reportMessages.duplicateRunId(result.runId, earlier, file));
    seen.set(result.runId, file);
    return { file, result };
  });
}
