/**
 * The on-disk tokenized split every backend reads (layout documented in
 * schemas/tokenized-split.schema.json): `meta.json` plus flat little-endian int32/float32 arrays.
 * A split folder is written under a temporary name and renamed into place, so a reader sees either
 * no folder or a complete one; reading checks the meta against the schema and every array's length.
 */
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';
import { schemaValidator } from '../lazy-ajv.ts';
import type { TokenizedSplit } from '../types/tokenized-split.ts';
import { fsyncDir } from './atomic-write.ts';

/** A tokenized split in memory: its meta and its arrays. */
export interface TokenizedSplitData {
  meta: TokenizedSplit;
  ids: Int32Array;
  offsets: Int32Array;
  typeIds?: Int32Array;
  labels?: Int32Array | Float32Array;
  promptLengths?: Int32Array;
  sourceIndices: Int32Array;
}

/** Tokens of every example of a split, cut at maxLength (what the batch schedule's length rules see). */
export function splitLengths(split: Pick<TokenizedSplitData, 'meta' | 'offsets'>, maxLength: number): Int32Array {
  return Int32Array.from({ length: split.meta.numExamples }, (_, i) => Math.min(split.offsets[i + 1]! - split.offsets[i]!, maxLength));
}

type ArrayName = 'ids' | 'offsets' | 'typeIds' | 'labels' | 'promptLengths' | 'sourceIndices';

/** Little-endian bytes of an array (copied when the platform is big-endian). */
function toBytes(array: Int32Array | Float32Array): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (new Uint8Array(new Uint32Array([1]).buffer)[0] === 1) return bytes;
  const copy = new Uint8Array(bytes);
  for (let i = 0; i < copy.length; i += 4) copy.subarray(i, i + 4).reverse();
  return copy;
}

async function writeSynced(file: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Checks that the arrays agree with each other and with the meta (a programming error if not). */
export function checkTokenizedSplit(data: TokenizedSplitData): string | undefined {
  const { meta, ids, offsets } = data;
  const n = meta.numExamples;
  if (offsets.length !== n + 1 || offsets[0] !== 0 || offsets[n] !== ids.length || ids.length !== meta.totalTokens) {
    return `offsets (${offsets.length}) do not fit ${n} examples and ${ids.length} ids`;
  }
  for (let i = 0; i < n; i++) {
    const length = offsets[i + 1]! - offsets[i]!;
    if (length < 0 || length > meta.maxLength) return `example ${i} has ${length} tokens (max ${meta.maxLength})`;
  }
  const perExample: Array<[ArrayName, ArrayLike<number> | undefined, number]> = [
    ['sourceIndices', data.sourceIndices, n],
    ['labels', data.labels, n],
    ['promptLengths', data.promptLengths, n],
    ['typeIds', data.typeIds, ids.length],
  ];
  for (const [name, array, expected] of perExample) {
    if ((array === undefined) !== (meta.files[name as keyof TokenizedSplit['files']] === undefined)) return `${name} is listed in meta.json but missing, or the reverse`;
    if (array !== undefined && array.length !== expected) return `${name} has ${array.length} entries, expected ${expected}`;
  }
  if (meta.kind === 'classification' && data.labels !== undefined) {
    for (const label of data.labels) if (!(label >= 0 && label < meta.numLabels)) return `label ${label} out of range`;
  }
  return undefined;
}

/** Writes `data` as the split folder `dir` (which must not exist yet), atomically. */
export async function writeTokenizedSplit(dir: string, data: TokenizedSplitData): Promise<void> {
  const problem = checkTokenizedSplit(data);
  if (problem !== undefined) throw new Error(`refusing to write an inconsistent tokenized split: ${problem}`);
  const temp = `${dir}.${process.pid}.${Date.now()}.tmp`;
  await mkdir(temp, { recursive: true });
  try {
    const files = data.meta.files;
    const arrays: Array<[string | undefined, Int32Array | Float32Array | undefined]> = [
      [files.ids, data.ids], [files.offsets, data.offsets], [files.typeIds, data.typeIds],
      [files.labels, data.labels], [files.promptLengths, data.promptLengths], [files.sourceIndices, data.sourceIndices],
    ];
    for (const [name, array] of arrays) if (name !== undefined && array !== undefined) await writeSynced(join(temp, name), toBytes(array));
    await writeSynced(join(temp, 'meta.json'), `${JSON.stringify(data.meta, null, 2)}\n`);
    await fsyncDir(temp);
    await mkdir(dirname(dir), { recursive: true });
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await fsyncDir(dirname(dir));
}

/** Reads a split folder, checking it against the schema; a damaged folder is a `UserError` naming it. */
export async function readTokenizedSplit(dir: string): Promise<TokenizedSplitData> {
  const fail = (reason: string): never => {
    throw new UserError(dataMessages.badTokenizedSplit(dir, reason));
  };
  let meta: unknown;
  try {
    meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8'));
  } catch (error) {
    return fail(`meta.json: ${error instanceof Error ? error.message : String(error)}`);
  }
  const validate = schemaValidator('tokenized-split.schema.json');
  if (!validate(meta)) return fail(`meta.json does not match schemas/tokenized-split.schema.json: ${JSON.stringify(validate.errors)}`);
  const m = meta as TokenizedSplit;
  const load = async (name: string | undefined, float = false): Promise<Int32Array | Float32Array | undefined> => {
    if (name === undefined) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, name));
    } catch (error) {
      return fail(`${name}: ${error instanceof Error && 'code' in error ? String(error.code) : String(error)}`);
    }
    if (bytes.length % 4 !== 0) return fail(`${name} is ${bytes.length} bytes, not a whole number of 4-byte values`);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = float ? new Float32Array(bytes.length / 4) : new Int32Array(bytes.length / 4);
    for (let i = 0; i < out.length; i++) out[i] = float ? view.getFloat32(i * 4, true) : view.getInt32(i * 4, true);
    return out;
  };
  const data: TokenizedSplitData = {
    meta: m,
    ids: (await load(m.files.ids)) as Int32Array,
    offsets: (await load(m.files.offsets)) as Int32Array,
    sourceIndices: (await load(m.files.sourceIndices)) as Int32Array,
  };
  const typeIds = await load(m.files.typeIds);
  if (typeIds !== undefined) data.typeIds = typeIds as Int32Array;
  const labels = await load(m.files.labels, m.files.labels === 'labels.f32');
  if (labels !== undefined) data.labels = labels;
  const promptLengths = await load(m.files.promptLengths);
  if (promptLengths !== undefined) data.promptLengths = promptLengths as Int32Array;
  const problem = checkTokenizedSplit(data);
  if (problem !== undefined) return fail(problem);
  return data;
}

/** True when `dir` holds a complete tokenized split (its meta.json exists; folders appear only whole). */
export async function tokenizedSplitExists(dir: string): Promise<boolean> {
  return (await stat(join(dir, 'meta.json')).catch(() => undefined))?.isFile() ?? false;
}

/** Token ids of example `i` (a view, not a copy). */
export function exampleIds(data: TokenizedSplitData, i: number): Int32Array {
  return data.ids.subarray(data.offsets[i]!, data.offsets[i + 1]!);
}
