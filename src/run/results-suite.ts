/**
 * A results folder belongs to one version of one suite. Before a run touches a folder, every result
 * file in it (and `_selection.json`) must come from the suite about to run, identified as the
 * report identifies a suite (src/report/protocol.ts): the suite's name, its hash, and the protocol
 * each result carries (compute, tuning, seeds, parameter budget, and its task's split and selection
 * metric). Results from another suite, or from this suite before an edit, would be skipped or mixed
 * with new ones and the report would refuse the folder; so the run stops with a `UserError` naming
 * the folder, one such file and what differs, and leaves the folder as it is. Files that are not
 * valid results are left to the runner (it reruns them with a warning).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { runMessages } from '../messages/index.ts';
import { canonicalJson } from '../plan/canonical-json.ts';
import { validateResult } from '../report/schema-validators.ts';
import type { LoadedSuite } from '../suite/load-suite.ts';
import type { RunResult } from '../types/result.ts';
import { protocolOf } from './result-record.ts';
import { selectionFile } from './runner.ts';

type Expected = Pick<LoadedSuite, 'file' | 'suite' | 'hash'>;

/** What differs between a suite as recorded in a file and the suite about to run, or undefined. */
function suiteDifference(name: string, hash: string | undefined, expected: Expected): string | undefined {
  if (name !== expected.suite.name) return runMessages.otherSuite(name, expected.suite.name, expected.file);
  if (hash !== undefined && hash !== expected.hash) return runMessages.otherSuiteVersion(name, hash, expected.hash, expected.file);
  return undefined;
}

function resultDifference(result: RunResult, expected: Expected): string | undefined {
  const differs = suiteDifference(result.spec.suite.name, result.spec.suite.hash, expected);
  if (differs !== undefined) return differs;
  if (!expected.suite.tasks.some((t) => t.id === result.spec.task.id)) return runMessages.otherTask(result.spec.task.id, expected.file);
  const before = result.protocol as unknown as Record<string, unknown>;
  const now = protocolOf(expected.suite, result.spec.task.id) as unknown as Record<string, unknown>;
  for (const field of new Set([...Object.keys(before), ...Object.keys(now)])) {
    const [then, today] = [canonicalJson(before[field] ?? null), canonicalJson(now[field] ?? null)];
    if (then !== today) return runMessages.otherProtocol(field, then, today);
  }
  return undefined;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** A file of `dir` from another suite or suite version, what differs, and how many such results; undefined when none. */
export async function foreignResultsOf(dir: string, expected: Expected): Promise<{ file: string; difference: string; stale: number; total: number } | undefined> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const resultNames = names.filter((n) => n.endsWith('.json') && !n.startsWith('.') && !n.startsWith('_')).sort();
  let first: { file: string; difference: string } | undefined;
  let stale = 0;
  let total = 0;
  for (const name of resultNames) {
    const file = join(dir, name);
    const checked = validateResult(await readJson(file));
    if (!checked.ok) continue;
    total++;
    const difference = resultDifference(checked.value, expected);
    if (difference === undefined) continue;
    stale++;
    first ??= { file, difference };
  }
  if (first === undefined && names.includes('_selection.json')) {
    const file = selectionFile(dir);
    const selection = (await readJson(file)) as { suite?: unknown; suiteHash?: unknown } | undefined;
    if (typeof selection?.suite === 'string') {
      const difference = suiteDifference(selection.suite, typeof selection.suiteHash === 'string' ? selection.suiteHash : undefined, expected);
      if (difference !== undefined) first = { file, difference };
    }
  }
  return first === undefined ? undefined : { ...first, stale, total };
}

/** Throws a `UserError` when `dir` holds results or a selection of another suite or suite version. */
export async function checkResultsFolderSuite(dir: string, expected: Expected): Promise<void> {
  const foreign = await foreignResultsOf(dir, expected);
  if (foreign !== undefined) throw new UserError(runMessages.resultsOfOtherSuite(dir, foreign.file, foreign.difference, foreign.stale, foreign.total, `${dir}-${expected.hash.slice(0, 8)}`));
}
