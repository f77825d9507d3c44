/** Reads every row of a parquet file as plain objects, with hyparquet (a maintained pure-JS reader). */
import { readFile } from 'node:fs/promises';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';

export interface ParquetTable {
  columns: string[];
  rows: Record<string, unknown>[];
}

export async function readParquetTable(file: string): Promise<ParquetTable> {
  const bytes = await readFile(file);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(buffer);
  const columns = parquetSchema(metadata).children.map((c) => c.element.name);
  const rows = (await parquetReadObjects({ file: buffer, metadata })) as Record<string, unknown>[];
  return { columns, rows };
}
