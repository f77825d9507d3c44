/**
 * How many runs each phase of a results folder's suite plans, for `reftbench status`: the suite file
 * is the one given with --suite, else the one its Slurm submissions name, else suites/<suite name>.json
 * (in the working directory, then in this checkout); it must be the version the results were run
 * from (same suite hash). The plan is built without the data (run counts do not depend on it).
 * Final runs of a group whose trials all failed (no selection in _selection.json) never run and are
 * not counted. When no such suite file is found the answer says why, so status does not print 0.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isUserError, UserError } from '../../errors.ts';
import { slurmMessages as msg } from '../../messages/executors.ts';
import { buildPlan } from '../../plan/build-plan.ts';
import { REPO_ROOT } from '../../repo-root.ts';
import { loadSuite, type LoadedSuite } from '../../suite/load-suite.ts';

export type PlannedCounts = { trials: number; finals: number; suiteFile: string } | { problem: string };

export interface PlanQuery {
  resultsDir: string;
  /** The suite's name and hash as the results (or submissions) record them. */
  suite: string;
  hash: string | undefined;
  /** --suite as given (relative to cwd). */
  suiteArg?: string;
  /** Suite files the folder's Slurm submissions name (absolute). */
  submitted: readonly string[];
  cwd: string;
}

/** Groups whose selection found no trial (their finals are never run), from _selection.json. */
function unselectedGroups(resultsDir: string, hash: string): Set<string> {
  try {
    const file = JSON.parse(readFileSync(join(resultsDir, '_selection.json'), 'utf8')) as { suiteHash?: unknown; selections?: { group?: unknown; selected?: unknown }[] };
    if (file.suiteHash !== hash || !Array.isArray(file.selections)) return new Set();
    return new Set(file.selections.filter((s) => s.selected === undefined || s.selected === null).map((s) => String(s.group)));
  } catch {
    return new Set();
  }
}

function counts(loaded: LoadedSuite, resultsDir: string): PlannedCounts {
  let plan;
  try {
    plan = buildPlan(loaded);
  } catch (error) {
    if (!isUserError(error)) throw error;
    return { problem: msg.statusPlanRefused(loaded.file, error.message.split('\n')[0]!) };
  }
  const unselected = unselectedGroups(resultsDir, loaded.hash);
  let finals = 0;
  for (const g of plan.groups) {
    const group = `${g.modelId}/${g.taskId}/${g.methodId}${g.level === undefined ? '' : `@${g.level}`}`;
    if (!unselected.has(group)) finals += g.finals.length;
  }
  return { trials: plan.totals.trialRuns, finals, suiteFile: loaded.file };
}

export function plannedCounts(query: PlanQuery): PlannedCounts {
  const { suite, hash, cwd } = query;
  if (query.suiteArg !== undefined) {
    // the user named it: its problems are theirs to hear about (a UserError)
    const loaded = loadSuite(query.suiteArg, cwd);
    if (loaded.suite.name !== suite) throw new UserError(msg.statusSuiteOther(query.suiteArg, loaded.suite.name, suite, query.resultsDir));
    if (hash !== undefined && loaded.hash !== hash) return { problem: msg.statusSuiteEdited(query.suiteArg, hash, loaded.hash) };
    return counts(loaded, query.resultsDir);
  }
  const candidates = [...new Set([...query.submitted, resolve(cwd, 'suites', `${suite}.json`), join(REPO_ROOT, 'suites', `${suite}.json`)])];
  const looked: string[] = [];
  let edited: { file: string; now: string } | undefined;
  for (const file of candidates) {
    if (!existsSync(file)) {
      looked.push(file);
      continue;
    }
    let loaded: LoadedSuite;
    try {
      loaded = loadSuite(file, cwd);
    } catch (error) {
      if (!isUserError(error)) throw error;
      looked.push(file);
      continue;
    }
    if (loaded.suite.name !== suite) {
      looked.push(file);
      continue;
    }
    if (hash !== undefined && loaded.hash !== hash) {
      edited ??= { file, now: loaded.hash };
      continue;
    }
    return counts(loaded, query.resultsDir);
  }
  if (edited !== undefined && hash !== undefined) return { problem: msg.statusSuiteEdited(edited.file, hash, edited.now) };
  return { problem: msg.statusSuiteNotFound(suite, looked) };
}
