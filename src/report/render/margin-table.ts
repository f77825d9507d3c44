/**
 * The table beside a main table that says, per task, whether its best method is clearly above the
 * majority class (report.majorityMargins, majority-margins.ts): the best method, the floor, its
 * margin with the interval over seeds and the one over test examples, ✓ when both lie above zero,
 * and every method of the task whose own margin is clear. Scores on the main table's scale.
 */
import type { Entry, MajorityMargin, Report } from '../../types/report.ts';
import { levelKey } from '../budget-level.ts';
import { formatScore } from './format.ts';
import type { Cell, Table } from './table-model.ts';

const cell = (text: string, raw: string | number | null = text): Cell => ({ text, raw });

/** A margin with its sign: +12.3, -0.8 (a positive margin is past the floor). */
export function formatMargin(value: number | null, metric: string): string {
  const text = formatScore(value, metric);
  return value !== null && value > 0 ? `+${text}` : text;
}

function intervalText(low: number | null, high: number | null, metric: string): string {
  return `[${formatMargin(low, metric)}, ${formatMargin(high, metric)}]`;
}

function seedsText(m: MajorityMargin): string {
  if (m.seeds.ciLow === null) return m.seeds.n < 2 ? `none: ${m.seeds.n} seed${m.seeds.n === 1 ? '' : 's'}` : '–';
  return intervalText(m.seeds.ciLow, m.seeds.ciHigh, m.metric.name);
}

function examplesText(m: MajorityMargin): string {
  return m.exampleBootstrap.note ?? intervalText(m.exampleBootstrap.ciLow, m.exampleBootstrap.ciHigh, m.metric.name);
}

export const CLEAR_MARK = '✓';
export const NOT_CLEAR_MARK = '✗';

/** The table for `model`'s `entries` (each task at its entries' budget level in a ladder report), or null when none of their tasks has a margin. */
export function marginTable(report: Report, model: string, entries: readonly Entry[], name: string): Table | null {
  const cells = new Set(entries.map((e) => JSON.stringify([e.task, levelKey(e.budget?.level)])));
  const mine = (report.majorityMargins ?? []).filter((m) => m.model === model && cells.has(JSON.stringify([m.task, levelKey(m.budget)])));
  const tasks = [...new Set(entries.map((e) => e.task))];
  const rows = tasks.flatMap((task) => {
    const best = mine.find((m) => m.task === task && m.best);
    if (!best) return [];
    const all = mine.filter((m) => m.task === task);
    const clear = all.filter((m) => m.clear).map((m) => m.method);
    const metric = best.metric.name;
    const clearText = clear.length === 0 ? 'none' : clear.join(', ');
    return [{
      display: [
        cell(task), cell(best.method), cell(metric), cell(formatScore(best.majorityClass, metric), best.majorityClass), cell(formatScore(best.mean, metric), best.mean),
        cell(formatMargin(best.margin, metric), best.margin), cell(seedsText(best)), cell(examplesText(best)),
        cell(best.clear ? CLEAR_MARK : NOT_CLEAR_MARK), cell(`${clearText} (${clear.length} of ${all.length})`),
      ],
      csv: [
        task, best.method, metric, best.metric.direction, best.majorityClass, best.mean, best.margin, best.seeds.n, best.seeds.ciLow, best.seeds.ciHigh,
        best.exampleBootstrap.examples, best.exampleBootstrap.ciLow, best.exampleBootstrap.ciHigh, best.exampleBootstrap.note, best.clear ? 'yes' : 'no', clear.join(' '), all.length,
      ],
    }];
  });
  if (rows.length === 0) return null;
  const pct = `${Math.round(report.statistics.confidence * 100)}%`;
  return {
    name,
    caption: `${model}: the best method of each task (highest mean test score; lowest where lower is better) against the majority class, ×100 for bounded metrics. Margin: how far its mean test score lies past the majority-class score, with a ${pct} t-interval of the per-seed margins and a ${pct} paired bootstrap interval over test examples (its mean over seeds against the constant prediction, on the same resampled examples). ${CLEAR_MARK}: both intervals lie above zero (the one over seeds alone where the results hold no per-example predictions). The best method is picked on test, so its row is descriptive; methods clear lists every method of the task whose own margin is clear (each method's margin and intervals are in report.json, majorityMargins).`,
    headers: ['task', 'best method', 'metric', 'majority class', 'best score', 'margin', 'CI over seeds', 'CI over test examples', 'clear', 'methods clear'],
    csvHeaders: ['task', 'method', 'metric', 'direction', 'majority_class', 'mean', 'margin', 'seeds', 'seed_ci_low', 'seed_ci_high', 'examples', 'example_ci_low', 'example_ci_high', 'example_note', 'clear', 'methods_clear', 'methods'],
    rows,
  };
}
