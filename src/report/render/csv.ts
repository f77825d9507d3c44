/** RFC 4180 CSV of a table's raw values (numbers rounded like report.json, quotes where needed, formula-leading strings neutralised). */
import { roundNumber } from '../stable-json.ts';
import type { Table } from './table-model.ts';

/**
 * A string that a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a carriage
 * return) gets a leading apostrophe, as OWASP's CSV-injection advice and the spreadsheets expect;
 * numbers are written as numbers, so a negative score is untouched.
 */
export function neutraliseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function field(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(roundNumber(value) ?? '');
  const text = neutraliseFormula(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function renderCsv(table: Table): string {
  const lines = [table.csvHeaders, ...table.rows.map((r) => r.csv)].map((row) => row.map(field).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
