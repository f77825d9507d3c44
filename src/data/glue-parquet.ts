/**
 * Turns a GLUE split read from the hub's parquet files (`nyu-mll/glue`) into examples, checking
 * columns and labels the way the TSV loader does.
 */
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';
import type { ExampleSet, TextExample } from './examples.ts';
import type { GlueTaskDef } from './glue-tasks.ts';
import type { ParquetTable } from './parquet-rows.ts';

const asNumber = (value: unknown): number =>
  typeof value === 'bigint' ? Number(value) : typeof value === 'number' ? value : Number.NaN;

/** Builds the example set of `task` from a parquet table; `file` is only used in messages. */
export function glueExamplesFromParquet(task: GlueTaskDef, table: ParquetTable, file: string): ExampleSet {
  const { text, textPair, label } = task.hub;
  for (const column of [text, textPair, label]) {
    if (column !== undefined && !table.columns.includes(column)) {
      throw new UserError(dataMessages.hubMissingColumn(file, column, table.columns));
    }
  }
  const examples = table.rows.map((row, i): TextExample => {
    const value = asNumber(row[label]);
    const range = task.kind === 'regression' ? (task.scoreRange ?? [-Infinity, Infinity]) : [0, task.labelNames.length - 1];
    const valid = Number.isFinite(value) && value >= range[0]! && value <= range[1]! && (task.kind === 'regression' || Number.isInteger(value));
    if (!valid) throw new UserError(dataMessages.hubBadLabel(file, i, row[label]));
    const example: TextExample = { text: String(row[text] ?? ''), label: value };
    if (textPair !== undefined) example.textPair = String(row[textPair] ?? '');
    return example;
  });
  if (examples.length === 0) throw new UserError(dataMessages.emptySplit(file));
  return task.kind === 'regression'
    ? { kind: 'regression', examples }
    : { kind: 'classification', labelNames: task.labelNames, examples };
}
