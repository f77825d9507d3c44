/**
 * Whether a report covers every run its suite planned. A plan gives every method on every (model,
 * task) pair the protocol's tuning trials and one final run per seed (src/plan/build-plan.ts), so
 * from the results alone a gap shows as a cell with fewer trials or final runs than that, or as a
 * (model, task, method) cell that has no results at all while its pair and its method have some
 * elsewhere. A method with no result anywhere cannot be seen, so `planned` is a lower bound then.
 * Failed runs count as present: they are results.
 */
import type { Report } from '../types/report.ts';

export interface CellGap {
  model: string;
  task: string;
  method: string;
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
}

export function completenessOf(report: Report): Completeness {
  const perCell = { trials: report.protocol.tuning.trialsPerMethod, finals: report.protocol.seeds.length };
  const gaps: CellGap[] = [];
  const pairs = new Map<string, { model: string; task: string }>();
  const methods = new Set<string>();
  const seen = new Set<string>();
  let present = 0;
  for (const e of report.entries) {
    pairs.set(JSON.stringify([e.model, e.task]), { model: e.model, task: e.task });
    methods.add(e.method);
    seen.add(JSON.stringify([e.model, e.task, e.method]));
    const trials = e.runs.filter((r) => r.phase === 'trial').length;
    const finals = e.runs.length - trials;
    present += e.runs.length;
    if (trials < perCell.trials || finals < perCell.finals) gaps.push({ model: e.model, task: e.task, method: e.method, trials, finals });
  }
  for (const { model, task } of pairs.values())
    for (const method of methods) if (!seen.has(JSON.stringify([model, task, method]))) gaps.push({ model, task, method, trials: 0, finals: 0 });
  const cells = pairs.size * methods.size;
  return { cells, planned: cells * (perCell.trials + perCell.finals), present, perCell, gaps };
}

/** One sentence on what is missing (empty when nothing is), naming up to `most` cells. */
export function describeGaps(c: Completeness, most = 5): string {
  if (c.gaps.length === 0) return '';
  const cells = c.gaps
    .slice(0, most)
    .map((g) => `${g.model}/${g.task}/${g.method} (${g.trials} of ${c.perCell.trials} trials, ${g.finals} of ${c.perCell.finals} final runs)`);
  const more = c.gaps.length > most ? `, and ${c.gaps.length - most} more` : '';
  return `Incomplete results: ${Math.max(0, c.planned - c.present)} of at least ${c.planned} planned runs have no result file, in ${c.gaps.length} of ${c.cells} (model, task, method) cells: ${cells.join('; ')}${more}. A cell's scores and comparisons use only the runs present; running the suite again into the same results folder completes it.`;
}
