/** RFC 4180 CSV of a table's raw values (numbers rounded like report.json, quotes where needed). */
import { roundNumber } from '../stable-json.ts';
import type { Table } from './table-model.ts';

function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(roundNumber(value) ?? '');
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

export function renderCsv(table: Table): string {
  const lines = [table.csvHeaders, ...table.rows.map((r) => r.csv)].map((row) => row.map(field).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
