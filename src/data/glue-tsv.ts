/**
 * Loads one split of a GLUE task from the standard GLUE TSV layout (`<data-dir>/glue/<TASK>/*.tsv`),
 * minding each task's quirks: MRPC's byte-order mark and leading label column, CoLA's missing
 * header, STS-B's ten columns, labels given as names (RTE, QNLI, MNLI) or as indices.
 * Every bad row is a `UserError` naming the file and line.
 */
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';
import type { ExampleSet, TextExample } from './examples.ts';
import type { GlueTaskDef } from './glue-tasks.ts';
import { readTextFile } from './read-text-file.ts';
import { parseTsv } from './tsv.ts';

/** Column positions of text, pair and label in each row, plus the number of fields a row must have. */
interface Layout {
  text: number;
  textPair?: number;
  label: number;
  fieldCount: number;
  firstDataRow: number;
}

function layoutOf(task: GlueTaskDef, file: string, header: readonly string[] | undefined): Layout {
  const spec = task.tsv;
  if (!spec.header) return { text: spec.text, label: spec.label, fieldCount: spec.columnCount, firstDataRow: 0 };
  const columns = header ?? [];
  const find = (name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) throw new UserError(dataMessages.missingHeaderColumn(file, name, columns));
    return i;
  };
  const layout: Layout = { text: find(spec.text), label: find(spec.label), fieldCount: columns.length, firstDataRow: 1 };
  if (spec.textPair !== undefined) layout.textPair = find(spec.textPair);
  return layout;
}

/** Turns a label field into a class index (by name or by index) or a score, or throws naming the line. */
export function parseGlueLabel(task: GlueTaskDef, value: string, file: string, line: number): number {
  const trimmed = value.trim();
  if (task.kind === 'regression') {
    const range = task.scoreRange ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    const score = trimmed === '' ? Number.NaN : Number(trimmed);
    if (!Number.isFinite(score) || score < range[0] || score > range[1]) {
      throw new UserError(dataMessages.badScore(file, line, value, range));
    }
    return score;
  }
  const byName = task.labelNames.indexOf(trimmed);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(trimmed) && Number(trimmed) < task.labelNames.length) return Number(trimmed);
  throw new UserError(dataMessages.labelOutOfRange(file, line, value, task.labelNames));
}

/** Parses the text of a GLUE TSV file into examples of `task`. `file` is only used in messages. */
export function parseGlueTsv(task: GlueTaskDef, text: string, file: string): ExampleSet {
  const rows = parseTsv(text);
  const layout = layoutOf(task, file, task.tsv.header ? rows[0]?.fields : undefined);
  const examples: TextExample[] = [];
  for (const row of rows.slice(layout.firstDataRow)) {
    if (row.fields.length !== layout.fieldCount) {
      throw new UserError(dataMessages.wrongFieldCount(file, row.line, row.fields.length, layout.fieldCount));
    }
    const field = (i: number): string => row.fields[i] ?? '';
    const example: TextExample = { text: field(layout.text), label: parseGlueLabel(task, field(layout.label), file, row.line) };
    if (layout.textPair !== undefined) example.textPair = field(layout.textPair);
    examples.push(example);
  }
  if (examples.length === 0) throw new UserError(dataMessages.emptySplit(file));
  return task.kind === 'regression'
    ? { kind: 'regression', examples }
    : { kind: 'classification', labelNames: task.labelNames, examples };
}

/** Reads and parses one GLUE TSV file. */
export async function loadGlueTsv(task: GlueTaskDef, file: string): Promise<ExampleSet> {
  return parseGlueTsv(task, await readTextFile(file), file);
}
