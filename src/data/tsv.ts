/**
 * Tab-separated files read the way GLUE's own processors read them: Python's `csv.QUOTE_NONE`,
 * i.e. quotes are ordinary characters, a row is one line, fields are split on every tab.
 * A leading UTF-8 byte-order mark (MRPC) is dropped; `\r\n` line ends are accepted.
 */

/** One line of a TSV file with its 1-based line number, for messages that point at the line. */
export interface TsvRow {
  line: number;
  fields: string[];
}

/** Splits TSV text into rows. The empty string after a final newline is not a row. */
export function parseTsv(text: string): TsvRow[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((raw, i) => ({
    line: i + 1,
    fields: (raw.endsWith('\r') ? raw.slice(0, -1) : raw).split('\t'),
  }));
}
