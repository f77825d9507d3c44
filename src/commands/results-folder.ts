/**
 * What a folder given where a results folder (results/<suite>) belongs holds when it is not one: a
 * report (report.json, written by `reftbench report`), suite files (*.json with tasks and methods),
 * or other things and no result file. `report` and `status` refuse such a folder with one message
 * (src/messages/run.ts, notAResultsFolder) instead of a schema complaint about each file in it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateResult } from '../report/schema-validators.ts';

export type ForeignFolder =
  | { kind: 'report'; suite: string | undefined }
  | { kind: 'suites'; files: string[] }
  | { kind: 'other'; entries: string[] };

/** What the runner itself may leave in a results folder besides result files. */
const BOOKKEEPING = new Set(['slurm']);

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * undefined when `dir` may be a results folder: it holds a valid result file, or nothing but what
 * the runner writes (an empty folder is a results folder not yet filled), or JSON files that are
 * neither a report nor suites (damaged results: the caller's own checks name them). A missing
 * folder is undefined too (the caller says so).
 */
export function foreignFolder(dir: string): ForeignFolder | undefined {
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return undefined;
  }
  const visible = names.filter((n) => !n.startsWith('.') && !n.startsWith('_') && !BOOKKEEPING.has(n));
  const jsonFiles = visible.filter((n) => n.endsWith('.json'));
  const parsed = new Map<string, unknown>();
  for (const name of jsonFiles) {
    const value = readJson(join(dir, name));
    if (validateResult(value).ok) return undefined; // usually the first file: the rest are not read here
    parsed.set(name, value);
  }
  const report = parsed.get('report.json');
  if (isObject(report) && 'schemaVersion' in report && isObject(report['suite'])) {
    const name = report['suite']['name'];
    return { kind: 'report', suite: typeof name === 'string' ? name : undefined };
  }
  const suites = jsonFiles.filter((n) => {
    const v = parsed.get(n);
    return isObject(v) && Array.isArray(v['tasks']) && Array.isArray(v['methods']);
  });
  if (suites.length > 0) return { kind: 'suites', files: suites };
  if (jsonFiles.length > 0 || visible.length === 0) return undefined;
  return { kind: 'other', entries: visible };
}
