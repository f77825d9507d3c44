/**
 * Column alignment of a rendered table: a column whose cells are all numbers (a score, a ± pair, an
 * interval, a range, a p-value, or '–') is right-aligned so digits line up; any other column, text
 * such as method names, hyperparameters or verdicts, is left-aligned.
 */
import type { Table } from './table-model.ts';

export type Align = 'left' | 'right';

const NUMBER = String.raw`[-−+]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:e[-+]?\d+)?%?`;
const NUMERIC = new RegExp(String.raw`^(?:[<>≤≥]\s*)?${NUMBER}(?:\s*(?:±|–)\s*${NUMBER})?$|^\[${NUMBER},\s*${NUMBER}\]$|^–$`);

export function isNumericText(text: string): boolean {
  return NUMERIC.test(text.trim());
}

export function columnAlignment(table: Pick<Table, 'headers' | 'rows'>): Align[] {
  return table.headers.map((_, i) => {
    const cells = table.rows.map((r) => r.display[i]?.text ?? '');
    const numeric = cells.length > 0 && cells.every(isNumericText) && cells.some((c) => c.trim() !== '–');
    return numeric ? 'right' : 'left';
  });
}
