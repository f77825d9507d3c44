/**
 * The report's tables as plain data, rendered by markdown.ts, html.ts, latex.ts and csv.ts:
 * every cell has its display text (for people) and its raw value (for CSV).
 */
import type { Comparison, Entry, Report } from '../../types/report.ts';
import { compareText } from '../group-runs.ts';
import {
  formatCount, formatFlops, formatHyperparameters, formatMegabytes, formatP, formatPercent, formatScore, formatSeconds, metricScale,
} from './format.ts';
import { majorityRow } from './majority-row.ts';

export interface Cell {
  text: string;
  raw: string | number | null;
  /** The best value of its column (shown in bold). */
  best?: boolean;
}

export interface Table {
  name: string;
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

/** The main table, like the ReFT paper's GLUE table: methods × tasks (+ average), mean ± std ×100. */
export function mainTables(report: Report): Table[] {
  const models = [...new Set(report.entries.map((e) => e.model))];
  return models.map((model) => {
    const entries = report.entries.filter((e) => e.model === model);
    const tasks = [...new Set(entries.map((e) => e.task))];
    const methods = [...new Set(entries.map((e) => e.method))];
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
      const avg = averages.get(method) ?? null;
      display.push({ text: avg === null ? '–' : avg.toFixed(1), raw: avg, best: avg !== null && avg === bestAverage });
      csv.push(avg);
      return { display, csv };
    });
    const metricOf = (task: string) => entries.find((e) => e.task === task)!.primaryMetric.name;
    const floor = majorityRow(report, model, tasks, metricOf);
    if (floor) rows.push(floor);
    return {
      name: models.length > 1 ? `main-${model}` : 'main',
      caption: `${model}: test score (${tasks.map((t) => `${t}: ${metricOf(t)}`).join(', ')}) as mean ± std over seeds, ×100 for bounded metrics; params % = trainable ÷ base-model parameters (classification head excluded). Best per column in bold.${floor ? ' Majority class: the score of predicting the test set\'s most frequent label (its mean label for regression) for every example.' : ''}`,
      headers: ['method', 'kind', 'params %', ...tasks, 'avg'],
      csvHeaders: ['method', 'kind', 'params_pct_min', 'params_pct_max', ...tasks.flatMap((t) => [`${t}_mean`, `${t}_std`, `${t}_seeds`]), 'avg_x100'],
      rows,
    };
  });
}

export function comparisonTable(report: Report): Table {
  const rows = report.comparisons.map((c: Comparison) => {
    const m = c.metric.name;
    const ci = c.exampleBootstrap.ciLow === null ? (c.exampleBootstrap.note ?? '–') : `[${formatScore(c.exampleBootstrap.ciLow, m)}, ${formatScore(c.exampleBootstrap.ciHigh, m)}]`;
    return {
      display: [
        cell(c.model), cell(c.task), cell(c.method), cell(c.baseline), cell(m),
        cell(formatScore(c.difference, m), c.difference), cell(ci), cell(String(c.seedTest.pairedSeeds), c.seedTest.pairedSeeds),
        cell(formatP(c.seedTest.pValue), c.seedTest.pValue), cell(formatP(c.seedTest.pAdjusted), c.seedTest.pAdjusted), cell(c.verdict),
      ],
      csv: [c.model, c.task, c.method, c.baseline, m, c.metric.direction, c.difference, c.exampleBootstrap.ciLow, c.exampleBootstrap.ciHigh, c.exampleBootstrap.examples, c.seedTest.pairedSeeds, c.seedTest.pValue, c.seedTest.pAdjusted, c.verdict],
    };
  });
  return {
    name: 'comparisons',
    caption: `Each ReFT method minus ${report.statistics.baseline ?? 'each baseline'} (×100 for bounded metrics): difference of means, ${Math.round(report.statistics.confidence * 100)}% paired bootstrap CI over test examples, paired sign-flip permutation test over seeds, p adjusted by ${report.statistics.correction === 'holm' ? 'Holm' : 'Benjamini–Hochberg'}.`,
    headers: ['model', 'task', 'ReFT method', 'baseline', 'metric', 'Δ', 'CI over examples', 'seeds', 'p', 'p adj.', 'verdict'],
    csvHeaders: ['model', 'task', 'method', 'baseline', 'metric', 'direction', 'difference', 'ci_low', 'ci_high', 'examples', 'paired_seeds', 'p_value', 'p_adjusted', 'verdict'],
    rows,
  };
}

export function selectionTable(report: Report): Table {
  const rows = report.entries.map((e) => {
    const selected = e.selection.trials.find((t) => t.trial === e.selection.selectedTrial);
    const devScores = e.selection.trials.map((t) => (t.devScore === null ? t.status : formatScore(t.devScore, e.primaryMetric.name))).join(' ');
    return {
      display: [
        cell(e.model), cell(e.task), cell(e.method),
        cell(e.selection.selectedTrial === null ? '–' : String(e.selection.selectedTrial), e.selection.selectedTrial),
        cell(formatScore(selected?.devScore ?? null, e.primaryMetric.name), selected?.devScore ?? null),
        cell(e.selection.selectedIsDevBest ? 'yes' : 'no'),
        cell(formatHyperparameters(e.selection.hyperparameters)), cell(devScores),
      ],
      csv: [e.model, e.task, e.method, e.selection.selectedTrial, selected?.devScore ?? null, e.selection.selectedIsDevBest ? 'yes' : 'no', formatHyperparameters(e.selection.hyperparameters), e.selection.trials.map((t) => t.devScore ?? t.status).join(' ')],
    };
  });
  return {
    name: 'selection',
    caption: 'How each configuration was chosen: the dev score (the task\'s selection metric) of every trial, in trial order; the final runs used the selected trial.',
    headers: ['model', 'task', 'method', 'selected trial', 'dev score', 'dev-best?', 'hyperparameters', 'all trials (dev)'],
    csvHeaders: ['model', 'task', 'method', 'selected_trial', 'dev_score', 'is_dev_best', 'hyperparameters', 'trial_dev_scores'],
    rows,
  };
}

export function costTable(report: Report): Table {
  const rows = report.entries.map((e) => ({
    display: [
      cell(e.model), cell(e.task), cell(e.method), cell(formatCount(e.params.trainable), e.params.trainable),
      cell(formatPercent(e.params.paperPercent), e.params.paperPercent), cell(formatPercent(e.params.peftPercent), e.params.peftPercent),
      cell(formatFlops(e.cost.finalFlopsMean), e.cost.finalFlopsMean), cell(formatSeconds(e.cost.finalWallSecondsMean), e.cost.finalWallSecondsMean),
      cell(formatMegabytes(e.cost.peakMemoryBytesMax), e.cost.peakMemoryBytesMax), cell(formatFlops(e.cost.tuningFlops), e.cost.tuningFlops),
    ],
    csv: [e.model, e.task, e.method, e.params.trainable, e.params.head, e.params.base, e.params.paperPercent, e.params.peftPercent, e.cost.finalFlopsMean, e.cost.finalWallSecondsMean, e.cost.peakMemoryBytesMax, e.cost.tuningFlops, e.cost.tuningWallSeconds],
  }));
  return {
    name: 'cost',
    caption: 'Parameters and cost: trainable parameters (head excluded), % in the ReFT paper convention and the peft convention ((trainable + head) ÷ all), mean training FLOPs and wall time per final run, peak memory over all runs, FLOPs spent on tuning.',
    headers: ['model', 'task', 'method', 'trainable', 'params % (paper)', 'params % (peft)', 'FLOPs/run', 'wall s/run', 'peak MB', 'tuning FLOPs'],
    csvHeaders: ['model', 'task', 'method', 'trainable', 'head', 'base', 'paper_pct', 'peft_pct', 'final_flops_mean', 'final_wall_seconds_mean', 'peak_memory_bytes', 'tuning_flops', 'tuning_wall_seconds'],
    rows,
  };
}

export function runsTable(report: Report): Table {
  const rows = report.entries.flatMap((e) =>
    [...e.runs]
      .sort((a, b) => compareText(a.runId, b.runId))
      .map((r) => ({
        display: [cell(r.runId), cell(e.task), cell(e.method), cell(r.phase), cell(r.status)],
        csv: [r.runId, e.model, e.task, e.method, r.phase, r.trial, r.seed, r.status, r.steps, r.tokens, r.flops, r.wallSeconds, r.peakMemoryBytes] as (string | number | null)[],
      })),
  );
  return {
    name: 'runs',
    caption: 'Every run with what it spent.',
    headers: ['run', 'task', 'method', 'phase', 'status'],
    csvHeaders: ['run_id', 'model', 'task', 'method', 'phase', 'trial', 'seed', 'status', 'steps', 'tokens', 'flops', 'wall_seconds', 'peak_memory_bytes'],
    rows,
  };
}
