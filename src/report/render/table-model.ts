/**
 * The report's tables as plain data, rendered by markdown.ts, html.ts, latex.ts and csv.ts:
 * every cell has its display text (for people) and its raw value (for CSV).
 */
import type { BudgetLevel, Comparison, Entry, Report } from '../../types/report.ts';
import { compareLevels, declaredAmount, levelKey, levelLabel } from '../budget-level.ts';
import { compareText } from '../group-runs.ts';
import {
  formatCount, formatFlops, formatHyperparameters, formatMegabytes, formatP, formatPercent, formatScore, formatSeconds, metricScale,
} from './format.ts';
import { majorityRow } from './majority-row.ts';
import { levelIndex, taskLadder, type TaskLadder } from '../task-ladders.ts';
import { marginTable } from './margin-table.ts';

export interface Cell {
  text: string;
  raw: string | number | null;
  /** The best value of its column (shown in bold). */
  best?: boolean;
}

export interface Table {
  name: string;
  /** The section heading a README gives the table, when not its kind's usual one (a ladder's level). */
  heading?: string;
  caption: string;
  headers: string[];
  /** CSV column names (raw values may need more columns than the display). */
  csvHeaders: string[];
  rows: { display: Cell[]; csv: (string | number | null)[] }[];
}

const cell = (text: string, raw: string | number | null = text): Cell => ({ text, raw });

function primary(e: Entry) {
  return e.test.find((m) => m.name === e.primaryMetric.name)!;
}

function rangeText(values: number[]): string {
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return formatPercent(lo) === formatPercent(hi) ? formatPercent(lo) : `${formatPercent(lo)}–${formatPercent(hi)}`;
}

/** Whether the report is a compute-ladder report (its entries name their budget level). */
export function isLadderReport(report: Report): boolean {
  return report.entries.some((e) => e.budget !== undefined);
}

/** The budget levels of some entries (ascending declared amount: meaningful within one task's ladder only). */
export function levelsOf(entries: readonly Entry[]): (BudgetLevel | undefined)[] {
  const levels = new Map<string, BudgetLevel | undefined>();
  for (const e of entries) levels.set(levelKey(e.budget?.level), e.budget?.level);
  return [...levels.values()].sort(compareLevels);
}

/**
 * The main tables, like the ReFT paper's GLUE table: methods × tasks (+ average over several tasks),
 * mean ± std ×100; one per model and, in a compute-ladder report, one per model and budget level of
 * each ladder (the tasks without a ladder in one table of their own).
 */
export function mainTables(report: Report): Table[] {
  return mainBlocks(report).map((b) => {
    const table = mainTable(report, b.model, b.entries, `main${b.suffix}`);
    return b.note === undefined ? table : { ...table, heading: b.heading, caption: `${b.note} ${table.caption}` };
  });
}

/**
 * The margins over the majority class beside each main table (same model, tasks and budget levels), or
 * null where the report holds none for it: the best method of each task (render/margin-table.ts).
 */
export function marginTables(report: Report): (Table | null)[] {
  return mainBlocks(report).map((b) => {
    const table = marginTable(report, b.model, b.entries, `margins${b.suffix}`);
    return table && b.note !== undefined ? { ...table, caption: `${b.note} ${table.caption}` } : table;
  });
}

/**
 * One main table's model and entries; in a ladder report also its heading and the sentence that
 * says which budget its scores are at (`note`); `suffix` ends the table's name.
 */
interface MainBlock {
  model: string;
  entries: Entry[];
  heading?: string;
  note?: string;
  suffix: string;
}

/**
 * The main tables' blocks: one per model and, in a compute-ladder report, per model and level of
 * each task's ladder (task-ladders.ts): tasks sharing a ladder share its level tables, the suite's
 * ladder first as "budget-<level>", a task's own as "<task>-budget-<level>"; levels with no result
 * get no table. Tasks without a ladder (one budget each) share one table; entries at a budget the
 * protocol does not declare (results of another protocol version) get a table per budget at the end.
 */
function mainBlocks(report: Report): MainBlock[] {
  const models = [...new Set(report.entries.map((e) => e.model))];
  if (!isLadderReport(report)) {
    return models.map((model) => ({ model, entries: report.entries.filter((e) => e.model === model), suffix: models.length > 1 ? `-${model}` : '' }));
  }
  return models.flatMap((model) => {
    const mine = report.entries.filter((e) => e.model === model);
    const prefix = models.length > 1 ? `-${model}` : '';
    const single: string[] = [];
    const ladders = new Map<string, { ladder: TaskLadder; tasks: string[] }>();
    for (const task of new Set(mine.map((e) => e.task))) {
      const ladder = taskLadder(report.protocol, task);
      if (ladder.levels.length < 2) single.push(task);
      else {
        const group = ladders.get(ladder.key) ?? { ladder, tasks: [] };
        group.tasks.push(task);
        ladders.set(ladder.key, group);
      }
    }
    const placed = new Set<Entry>();
    const take = (keep: (e: Entry) => boolean) => {
      const taken = mine.filter((e) => !placed.has(e) && keep(e));
      for (const e of taken) placed.add(e);
      return taken;
    };
    const blocks: MainBlock[] = [];
    const singleEntries = take((e) => single.includes(e.task) && levelIndex(report.protocol, e.task, e.budget?.level) === 0);
    if (singleEntries.length > 0) {
      const budgets = single.map((task) => `${task}: ${levelLabel(taskLadder(report.protocol, task).levels[0])}`).join('; ');
      blocks.push({ model, entries: singleEntries, heading: 'Results of the tasks without a compute ladder', note: `Each task at its one budget (${budgets}).`, suffix: prefix });
    }
    const groups = [...ladders.values()].sort((a, b) => Number(a.ladder.own) - Number(b.ladder.own));
    for (const { ladder, tasks } of groups) {
      const whose = ladder.own ? `${tasks.join(', ')}'s own compute ladder` : 'the compute ladder';
      ladder.levels.forEach((level, i) => {
        const entries = take((e) => tasks.includes(e.task) && levelKey(e.budget?.level) === levelKey(level));
        if (entries.length === 0) return;
        const label = levelLabel(level);
        blocks.push({ model, entries, heading: `Results at budget ${label}`, note: `Budget ${label}, level ${i + 1} of ${whose}.`, suffix: `${prefix}-${ladder.own ? `${tasks[0]}-` : ''}budget-${i + 1}` });
      });
    }
    levelsOf(mine.filter((e) => !placed.has(e))).forEach((level, i) => {
      const label = levelLabel(level);
      const entries = take((e) => levelKey(e.budget?.level) === levelKey(level));
      blocks.push({ model, entries, heading: `Results at budget ${label}`, note: `Budget ${label}, not a level the protocol declares.`, suffix: `${prefix}-budget-other-${i + 1}` });
    });
    return blocks;
  });
}

function mainTable(report: Report, model: string, entries: readonly Entry[], name: string): Table {
  const tasks = [...new Set(entries.map((e) => e.task))];
  const methods = [...new Set(entries.map((e) => e.method))];
  // An average over one task is that task's score again: only tables of several tasks get the column.
  const withAverage = tasks.length > 1;
  const find = (method: string, task: string) => entries.find((e) => e.method === method && e.task === task);
  const bestPerTask = new Map<string, number>();
  for (const task of tasks) {
    const list = entries.filter((e) => e.task === task && primary(e).mean !== null);
    if (list.length === 0) continue;
    const dir = list[0]!.primaryMetric.direction;
    bestPerTask.set(task, (dir === 'max' ? Math.max : Math.min)(...list.map((e) => primary(e).mean!)));
  }
  const averages = new Map<string, number | null>();
  for (const method of methods) {
    const values = tasks.map((t) => {
      const e = find(method, t);
      const m = e ? primary(e) : undefined;
      return m && m.mean !== null ? m.mean * metricScale(m.name) : null;
    });
    averages.set(method, values.every((v) => v !== null) ? values.reduce((s, v) => s + (v as number), 0) / values.length : null);
  }
  const bestAverage = Math.max(...[...averages.values()].filter((v): v is number => v !== null));
  const rows = methods.map((method) => {
    const mine = entries.filter((e) => e.method === method);
    const kind = mine[0]!.kind;
    const display: Cell[] = [cell(method), cell(kind), cell(rangeText(mine.map((e) => e.params.paperPercent)))];
    const csv: (string | number | null)[] = [method, kind, Math.min(...mine.map((e) => e.params.paperPercent)), Math.max(...mine.map((e) => e.params.paperPercent))];
    for (const task of tasks) {
      const e = find(method, task);
      const m = e ? primary(e) : undefined;
      if (!m || m.mean === null) {
        display.push(cell('–', null));
        csv.push(null, null, null);
        continue;
      }
      const text = `${formatScore(m.mean, m.name)} ± ${formatScore(m.std, m.name)}`;
      display.push({ text, raw: m.mean, best: bestPerTask.get(task) === m.mean });
      csv.push(m.mean, m.std, m.n);
    }
    if (!withAverage) return { display, csv };
    const avg = averages.get(method) ?? null;
    display.push({ text: avg === null ? '–' : avg.toFixed(1), raw: avg, best: avg !== null && avg === bestAverage });
    csv.push(avg);
    return { display, csv };
  });
  const metricOf = (task: string) => entries.find((e) => e.task === task)!.primaryMetric.name;
  const floor = majorityRow(report, model, tasks, metricOf);
  if (floor) rows.push(floor);
  return {
    name,
    caption: `${model}: test score (${tasks.map((t) => `${t}: ${metricOf(t)}`).join(', ')}) as mean ± std over seeds, ×100 for bounded metrics; params % = trainable ÷ base-model parameters (classification head excluded). Best per column in bold.${floor ? ' Majority class: the score of predicting the test set\'s most frequent label (its mean label for regression) for every example.' : ''}`,
    headers: ['method', 'kind', 'params %', ...tasks, ...(withAverage ? ['avg'] : [])],
    csvHeaders: ['method', 'kind', 'params_pct_min', 'params_pct_max', ...tasks.flatMap((t) => [`${t}_mean`, `${t}_std`, `${t}_seeds`]), ...(withAverage ? ['avg_x100'] : [])],
    rows,
  };
}

/** The budget column of a ladder report's tables (none in other reports): the level for people. */
function budgetColumn(ladder: boolean, level: BudgetLevel | undefined): Cell[] {
  return ladder ? [cell(levelLabel(level))] : [];
}

function budgetHeader(ladder: boolean): string[] {
  return ladder ? ['budget'] : [];
}

/** A ladder report's CSV columns for the level: its rule, declared amount, and matched method and rule (empty unless matched). */
function budgetCsv(ladder: boolean, level: BudgetLevel | undefined): (string | number | null)[] {
  if (!ladder) return [];
  return [level?.rule ?? null, level ? declaredAmount(level) : null, level?.match?.method ?? null, level?.match?.rule ?? null];
}

function budgetCsvHeaders(ladder: boolean): string[] {
  return ladder ? ['budget_rule', 'budget_amount', 'budget_match_method', 'budget_match_rule'] : [];
}

export function comparisonTable(report: Report): Table {
  const ladder = isLadderReport(report);
  const rows = report.comparisons.map((c: Comparison) => {
    const m = c.metric.name;
    const ci = c.exampleBootstrap.ciLow === null ? (c.exampleBootstrap.note ?? '–') : `[${formatScore(c.exampleBootstrap.ciLow, m)}, ${formatScore(c.exampleBootstrap.ciHigh, m)}]`;
    return {
      display: [
        cell(c.model), cell(c.task), ...budgetColumn(ladder, c.budget), cell(c.method), cell(c.baseline), cell(m),
        cell(formatScore(c.difference, m), c.difference), cell(ci), cell(String(c.seedTest.pairedSeeds), c.seedTest.pairedSeeds),
        cell(formatP(c.seedTest.pValue), c.seedTest.pValue), cell(formatP(c.seedTest.pAdjusted), c.seedTest.pAdjusted), cell(c.verdict),
      ],
      csv: [c.model, c.task, ...budgetCsv(ladder, c.budget), c.method, c.baseline, m, c.metric.direction, c.difference, c.exampleBootstrap.ciLow, c.exampleBootstrap.ciHigh, c.exampleBootstrap.examples, c.seedTest.pairedSeeds, c.seedTest.pValue, c.seedTest.pAdjusted, c.verdict],
    };
  });
  return {
    name: 'comparisons',
    caption: `Each ReFT method minus ${report.statistics.baseline ?? 'each baseline'} (×100 for bounded metrics): difference of means, ${Math.round(report.statistics.confidence * 100)}% paired bootstrap CI over test examples, paired sign-flip permutation test over seeds, p adjusted by ${report.statistics.correction === 'holm' ? 'Holm' : 'Benjamini–Hochberg'}${ladder ? ' over all comparisons of every budget level' : ''}.${ladder ? ' Methods are compared only within a budget level (each row: both methods at the same budget).' : ''}`,
    headers: ['model', 'task', ...budgetHeader(ladder), 'ReFT method', 'baseline', 'metric', 'Δ', 'CI over examples', 'seeds', 'p', 'p adj.', 'verdict'],
    csvHeaders: ['model', 'task', ...budgetCsvHeaders(ladder), 'method', 'baseline', 'metric', 'direction', 'difference', 'ci_low', 'ci_high', 'examples', 'paired_seeds', 'p_value', 'p_adjusted', 'verdict'],
    rows,
  };
}

/**
 * Every tuning trial of every model × task × method, in trial order, its hyperparameters and dev
 * score, the one the final runs used marked "selected" (its dev score in bold), and a trial with a
 * better dev score than the selected one marked "dev best".
 */
export function selectionTable(report: Report): Table {
  const ladder = isLadderReport(report);
  const rows = report.entries.flatMap((e) => {
    const metric = e.selection.metric.name;
    const scores = e.selection.trials.map((t) => t.devScore).filter((v): v is number => v !== null);
    const best = scores.length === 0 ? null : (e.selection.metric.direction === 'max' ? Math.max : Math.min)(...scores);
    return [...e.selection.trials]
      .sort((a, b) => a.trial - b.trial)
      .map((t) => {
        const selected = t.trial === e.selection.selectedTrial;
        const mark = selected ? 'selected' : !e.selection.selectedIsDevBest && t.devScore !== null && t.devScore === best ? 'dev best' : '';
        return {
          display: [
            cell(e.model), cell(e.task), cell(e.method), ...budgetColumn(ladder, e.budget?.level), cell(String(t.trial), t.trial),
            cell(formatHyperparameters(t.hyperparameters)),
            { text: t.devScore === null ? '–' : formatScore(t.devScore, metric), raw: t.devScore, best: selected && t.devScore !== null },
            cell(t.status), cell(mark),
          ],
          csv: [e.model, e.task, e.method, ...budgetCsv(ladder, e.budget?.level), t.trial, t.runId, t.status, t.devScore, selected ? 'yes' : 'no', formatHyperparameters(t.hyperparameters, true)],
        };
      });
  });
  return {
    name: 'selection',
    caption: 'How each configuration was chosen: every tuning trial with its hyperparameters and dev score (the task\'s selection metric, ×100 for bounded metrics); the final runs used the trial marked selected (dev score in bold). Test data took no part.',
    headers: ['model', 'task', 'method', ...budgetHeader(ladder), 'trial', 'hyperparameters', 'dev score', 'status', 'chosen'],
    csvHeaders: ['model', 'task', 'method', ...budgetCsvHeaders(ladder), 'trial', 'run_id', 'status', 'dev_score', 'selected', 'hyperparameters'],
    rows,
  };
}

export function costTable(report: Report): Table {
  const ladder = isLadderReport(report);
  const rows = report.entries.map((e) => ({
    display: [
      cell(e.model), cell(e.task), cell(e.method), ...budgetColumn(ladder, e.budget?.level), cell(formatCount(e.params.trainable), e.params.trainable),
      cell(formatPercent(e.params.paperPercent), e.params.paperPercent), cell(formatPercent(e.params.peftPercent), e.params.peftPercent),
      cell(formatFlops(e.cost.finalFlopsMean), e.cost.finalFlopsMean), cell(formatSeconds(e.cost.finalWallSecondsMean), e.cost.finalWallSecondsMean),
      cell(e.cost.spendRatioMean === undefined ? '–' : e.cost.spendRatioMean.toFixed(3), e.cost.spendRatioMean ?? null),
      cell(formatMegabytes(e.cost.peakMemoryBytesMax), e.cost.peakMemoryBytesMax), cell(formatFlops(e.cost.tuningFlops), e.cost.tuningFlops),
    ],
    csv: [e.model, e.task, e.method, ...budgetCsv(ladder, e.budget?.level), e.params.trainable, e.params.head, e.params.base, e.params.paperPercent, e.params.peftPercent, e.cost.finalFlopsMean, e.cost.finalWallSecondsMean, e.cost.spendRatioMean ?? null, e.cost.peakMemoryBytesMax, e.cost.tuningFlops, e.cost.tuningWallSeconds],
  }));
  return {
    name: 'cost',
    caption: 'Parameters and cost: trainable parameters (head excluded), % in the ReFT paper convention and the peft convention ((trainable + head) ÷ all), mean training FLOPs and wall time per final run, the mean realised compute of a final run ÷ the budget (in the compute rule\'s unit, counted from the real tokens of its batches; – when the results do not record it), peak memory over all runs, FLOPs spent on tuning.',
    headers: ['model', 'task', 'method', ...budgetHeader(ladder), 'trainable', 'params % (paper)', 'params % (peft)', 'FLOPs/run', 'wall s/run', 'spend/budget', 'peak MB', 'tuning FLOPs'],
    csvHeaders: ['model', 'task', 'method', ...budgetCsvHeaders(ladder), 'trainable', 'head', 'base', 'paper_pct', 'peft_pct', 'final_flops_mean', 'final_wall_seconds_mean', 'spend_budget_ratio', 'peak_memory_bytes', 'tuning_flops', 'tuning_wall_seconds'],
    rows,
  };
}

export function runsTable(report: Report): Table {
  const ladder = isLadderReport(report);
  const rows = report.entries.flatMap((e) =>
    [...e.runs]
      .sort((a, b) => compareText(a.runId, b.runId))
      .map((r) => ({
        display: [cell(r.runId), cell(e.task), cell(e.method), ...budgetColumn(ladder, e.budget?.level), cell(r.phase), cell(r.status)],
        csv: [r.runId, e.model, e.task, e.method, ...budgetCsv(ladder, e.budget?.level), r.phase, r.trial, r.seed, r.status, r.steps, r.tokens, r.flops, r.wallSeconds, r.peakMemoryBytes] as (string | number | null)[],
      })),
  );
  return {
    name: 'runs',
    caption: 'Every run with what it spent.',
    headers: ['run', 'task', 'method', ...budgetHeader(ladder), 'phase', 'status'],
    csvHeaders: ['run_id', 'model', 'task', 'method', ...budgetCsvHeaders(ladder), 'phase', 'trial', 'seed', 'status', 'steps', 'tokens', 'flops', 'wall_seconds', 'peak_memory_bytes'],
    rows,
  };
}
