/**
 * Whether a report covers every run its suite planned. A plan gives every method on every (model,
 * task) pair the protocol's tuning trials and one final run per seed (src/plan/build-plan.ts), so
 * from the results alone a gap shows as a cell with fewer trials or final runs than that, or as a
 * (model, task, method) cell that has no results at all while its pair and its method have some
 * elsewhere. A method with no result anywhere cannot be seen, so `planned` is a lower bound then.
 * Failed runs count as present: they are results. A cell whose every planned trial failed has no
 * selected configuration and so no final runs by design: it is not short of result files, and a
 * plain rerun skips failed runs, so it is listed on its own (`noSelection`), pointing to --retry-failed.
 * In a compute-ladder report a cell is a (model, task, method, budget level): every level of the
 * task's ladder as the protocol declares it (task-ladders.ts) is planned for every method, so a level
 * with no result at all still counts, and is named (`emptyLevels`).
 */
import { reportMessages as msg } from '../messages/report.ts';
import type { BudgetLevel, Report } from '../types/report.ts';
import { levelKey, levelLabel } from './budget-level.ts';
import { taskLadder } from './task-ladders.ts';

export interface CellGap {
  model: string;
  task: string;
  method: string;
  /** The budget level, for people (compute-ladder reports only). */
  budget?: string;
  trials: number;
  finals: number;
}

export interface Completeness {
  /** (model, task, method) cells and the runs the plan asked for (lower bounds, see above), and runs with a result. */
  cells: number;
  planned: number;
  present: number;
  /** Trials and final runs per cell that the protocol asks for. */
  perCell: { trials: number; finals: number };
  /** The cells short of runs, in report order (cells without any result last). */
  gaps: CellGap[];
  /** The cells with every planned trial present and failed, hence no final runs (not in `gaps`). */
  noSelection: CellGap[];
  /** Levels of a task's compute ladder at which the (model, task) pair has no result at all. */
  emptyLevels: EmptyLevel[];
}

export interface EmptyLevel {
  model: string;
  task: string;
  /** The level for people, its position (1-based) and the ladder's length. */
  budget: string;
  level: number;
  levels: number;
}

export function completenessOf(report: Report): Completeness {
  const perCell = { trials: report.protocol.tuning.trialsPerMethod, finals: report.protocol.seeds.length };
  const gaps: CellGap[] = [];
  const noSelection: CellGap[] = [];
  const pairs = new Map<string, { model: string; task: string; levels: Map<string, BudgetLevel | undefined> }>();
  const methods = new Set<string>();
  const seen = new Set<string>();
  let present = 0;
  for (const e of report.entries) {
    const pairKey = JSON.stringify([e.model, e.task]);
    const pair = pairs.get(pairKey) ?? { model: e.model, task: e.task, levels: new Map() };
    pair.levels.set(levelKey(e.budget?.level), e.budget?.level);
    pairs.set(pairKey, pair);
    methods.add(e.method);
    seen.add(JSON.stringify([e.model, e.task, e.method, levelKey(e.budget?.level)]));
    const trialRuns = e.runs.filter((r) => r.phase === 'trial');
    const trials = trialRuns.length;
    const finals = e.runs.length - trials;
    present += e.runs.length;
    const cell = { model: e.model, task: e.task, method: e.method, ...(e.budget ? { budget: levelLabel(e.budget.level) } : {}), trials, finals };
    if (finals === 0 && trials >= perCell.trials && trialRuns.every((r) => r.status !== 'ok')) noSelection.push(cell);
    else if (trials < perCell.trials || finals < perCell.finals) gaps.push(cell);
  }
  let cells = 0;
  const emptyLevels: EmptyLevel[] = [];
  const ladderReport = report.entries.some((e) => e.budget !== undefined);
  for (const { model, task, levels: seenLevels } of pairs.values()) {
    const planned = ladderReport ? taskLadder(report.protocol, task).levels : [];
    const levels = new Map(planned.map((l) => [levelKey(l), l as BudgetLevel | undefined]));
    for (const [key, level] of seenLevels) levels.set(key, level);
    planned.forEach((level, i) => {
      if (!seenLevels.has(levelKey(level))) emptyLevels.push({ model, task, budget: levelLabel(level), level: i + 1, levels: planned.length });
    });
    cells += levels.size * methods.size;
    for (const [key, level] of levels)
      for (const method of methods)
        if (!seen.has(JSON.stringify([model, task, method, key]))) gaps.push({ model, task, method, ...(level ? { budget: levelLabel(level) } : {}), trials: 0, finals: 0 });
  }
  return { cells, planned: cells * (perCell.trials + perCell.finals), present, perCell, gaps, noSelection, emptyLevels };
}

/** Up to `most` cells as "model/task/method (what it has)", and how many more. */
function listCells(cells: readonly CellGap[], most: number, describe: (g: CellGap) => string): string {
  const listed = cells.slice(0, most).map((g) => `${g.model}/${g.task}/${g.method}${g.budget === undefined ? '' : ` at ${g.budget}`} (${describe(g)})`);
  return `${listed.join('; ')}${cells.length > most ? `, and ${cells.length - most} more` : ''}`;
}

/**
 * What is missing (empty when nothing is), naming up to `most` cells per sentence: cells short of
 * result files, then cells whose trials all failed (whose final runs were never possible, so they
 * are not counted as runs without a result file).
 */
export function describeGaps(c: Completeness, most = 5): string {
  const sentences: string[] = [];
  if (c.emptyLevels.length > 0) sentences.push(msg.emptyLevels(c.emptyLevels.map((l) => `${l.model}/${l.task} at ${l.budget} (level ${l.level} of ${l.levels})`)));
  if (c.gaps.length > 0) {
    const blocked = c.noSelection.length * c.perCell.finals;
    const listed = listCells(c.gaps, most, (g) => `${g.trials} of ${c.perCell.trials} trials, ${g.finals} of ${c.perCell.finals} final runs`);
    sentences.push(msg.missingRuns(Math.max(0, c.planned - c.present - blocked), c.planned, c.gaps.length, c.cells, listed));
  }
  if (c.noSelection.length > 0) sentences.push(msg.noSelection(c.noSelection.length, listCells(c.noSelection, most, (g) => `${g.trials} of ${g.trials} trials failed`)));
  return sentences.join(' ');
}
