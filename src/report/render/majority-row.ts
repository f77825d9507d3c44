/**
 * The majority-class row of a main table (report.majorityClass): per task the score of predicting
 * one constant for every test example, on the task's primary metric and the table's scale, and (in a
 * table of several tasks) its average over the tasks when every task has one; never marked best.
 */
import type { Report } from '../../types/report.ts';
import { formatScore, metricScale } from './format.ts';
import type { Cell } from './table-model.ts';

export const MAJORITY_ROW_LABEL = 'majority class';

/** The row for `model`'s `tasks` (primary metric per task from `metricOf`), or null when the report has no floor for them. */
export function majorityRow(report: Report, model: string, tasks: readonly string[], metricOf: (task: string) => string): { display: Cell[]; csv: (string | number | null)[] } | null {
  const floors = tasks.map((task) => {
    const floor = report.majorityClass?.find((f) => f.model === model && f.task === task);
    const metric = metricOf(task);
    return { metric, value: floor?.metrics.find((m) => m.name === metric)?.value ?? null };
  });
  if (floors.every((f) => f.value === null)) return null;
  const display: Cell[] = [{ text: MAJORITY_ROW_LABEL, raw: MAJORITY_ROW_LABEL }, { text: 'constant', raw: 'constant' }, { text: '–', raw: null }];
  const csv: (string | number | null)[] = [MAJORITY_ROW_LABEL, 'constant', null, null];
  for (const f of floors) {
    display.push({ text: f.value === null ? '–' : formatScore(f.value, f.metric), raw: f.value });
    csv.push(f.value, null, null);
  }
  if (tasks.length < 2) return { display, csv };
  const scaled = floors.map((f) => (f.value === null ? null : f.value * metricScale(f.metric)));
  const avg = scaled.every((v) => v !== null) ? scaled.reduce((s, v) => s + (v as number), 0) / scaled.length : null;
  display.push({ text: avg === null ? '–' : avg.toFixed(1), raw: avg });
  csv.push(avg);
  return { display, csv };
}
