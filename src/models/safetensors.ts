/**
 * Reads and writes safetensors files in TypeScript: an 8-byte little-endian header length, a JSON
 * header `{ name: { dtype, shape, data_offsets: [begin, end] }, __metadata__?: {...} }`, then the raw
 * little-endian tensor bytes. Every floating dtype is widened to float32 on read (the engine computes
 * in float32); integer tensors (I64/I32, e.g. BERT's `position_ids` buffer) become float32 as well.
 * Writing is float32 only. Malformed or truncated files throw a `UserError` naming the file and place.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { modelsMessages as msg } from '../messages/index.ts';

/** A dense float32 tensor, row-major. */
export interface TensorF32 {
  shape: number[];
  data: Float32Array;
}

/** Tensor name → tensor, in file order. */
export type TensorMap = Map<string, TensorF32>;

export const SAFETENSORS_DTYPES = ['F64', 'F32', 'F16', 'BF16', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL'] as const;
export type SafetensorsDtype = (typeof SAFETENSORS_DTYPES)[number];

const DTYPE_BYTES: Record<SafetensorsDtype, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1, BOOL: 1,
};

/** One tensor's entry in the header, validated against the file's data size. */
export interface SafetensorsEntry {
  name: string;
  dtype: SafetensorsDtype;
  shape: number[];
  /** Byte range inside the data section (after the header). */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
  /** Absolute byte offset of the data section in the file. */
  dataStart: number;
}

export interface SafetensorsFile {
  tensors: TensorMap;
  /** Source dtype of each tensor (before widening to float32). */
  dtypes: Map<string, SafetensorsDtype>;
  metadata: Record<string, string>;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/**
 * Parses and validates the header of safetensors bytes; `file` is used in messages only. `bytes` may
 * hold only the start of a file of `fileSize` bytes, as long as it holds the whole header.
 */
export function parseSafetensorsHeader(bytes: Uint8Array, file: string, fileSize = bytes.length): SafetensorsHeader {
  if (fileSize < 8) throw new UserError(msg.safetensorsTooShort(file, fileSize));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (8 + headerLength > fileSize) throw new UserError(msg.safetensorsHeaderTooLong(file, headerLength, fileSize));
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(8, 8 + headerLength));
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UserError(msg.safetensorsHeaderNotJson(file, (error as Error).message));
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new UserError(msg.safetensorsHeaderNotJson(file, 'the header is not a JSON object'));
  }
  const dataStart = 8 + headerLength;
  const dataSize = fileSize - dataStart;
  const entries: SafetensorsEntry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        metadata = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
      }
      continue;
    }
    entries.push(parseEntry(file, name, value, dataSize));
  }
  return { entries, metadata, dataStart };
}

function parseEntry(file: string, name: string, value: unknown, dataSize: number): SafetensorsEntry {
  if (typeof value !== 'object' || value === null) throw new UserError(msg.safetensorsBadEntry(file, name, 'is not an object'));
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  if (typeof dtype !== 'string') throw new UserError(msg.safetensorsBadEntry(file, name, 'has no "dtype" string'));
  if (!(SAFETENSORS_DTYPES as readonly string[]).includes(dtype)) {
    throw new UserError(msg.safetensorsUnsupportedDtype(file, name, dtype, SAFETENSORS_DTYPES));
  }
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new UserError(msg.safetensorsBadEntry(file, name, 'has a "shape" that is not a list of non-negative integers'));
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
    throw new UserError(msg.safetensorsBadEntry(file, name, 'has "data_offsets" that are not [begin, end] with 0 <= begin <= end'));
  }
  const [begin, end] = offsets as [number, number];
  if (end > dataSize) throw new UserError(msg.safetensorsDataOutOfRange(file, name, end, dataSize));
  const typed = dtype as SafetensorsDtype;
  if (numel(shape as number[]) * DTYPE_BYTES[typed] !== end - begin) {
    throw new UserError(msg.safetensorsSizeMismatch(file, name, shape as number[], dtype, end - begin));
  }
  return { name, dtype: typed, shape: shape as number[], begin, end };
}

/** Whether typed arrays on this machine are little-endian like safetensors data (x86, ARM: yes). */
const LITTLE_ENDIAN_HOST = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

/** IEEE half → float32. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Decodes one entry's bytes (little-endian) into float32. */
export function decodeTensor(bytes: Uint8Array, header: SafetensorsHeader, entry: SafetensorsEntry): TensorF32 {
  const start = header.dataStart + entry.begin;
  const count = numel(entry.shape);
  const view = new DataView(bytes.buffer, bytes.byteOffset + start, entry.end - entry.begin);
  const out = new Float32Array(entry.dtype === 'F32' && LITTLE_ENDIAN_HOST ? 0 : count);
  switch (entry.dtype) {
    case 'F32':
      if (LITTLE_ENDIAN_HOST) {
        // One bulk copy: slice() gives a fresh, 4-byte-aligned buffer whatever the file offset.
        const source = bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + count * 4);
        return { shape: [...entry.shape], data: new Float32Array(source as ArrayBuffer) };
      }
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(i * 4, true);
      break;
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
      break;
    case 'F16':
      for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(i * 2, true));
      break;
    case 'BF16': {
      const word = new DataView(new ArrayBuffer(4));
      for (let i = 0; i < count; i++) {
        word.setUint32(0, view.getUint16(i * 2, true) << 16);
        out[i] = word.getFloat32(0);
      }
      break;
    }
    case 'I64':
      for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(i * 8, true));
      break;
    case 'I32':
      for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true);
      break;
    case 'I16':
      for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true);
      break;
    case 'I8':
      for (let i = 0; i < count; i++) out[i] = view.getInt8(i);
      break;
    case 'U8':
    case 'BOOL':
      for (let i = 0; i < count; i++) out[i] = view.getUint8(i);
      break;
  }
  return { shape: [...entry.shape], data: out };
}

/** Decodes safetensors bytes: every tensor as float32, plus source dtypes and metadata. */
export function decodeSafetensors(bytes: Uint8Array, file: string): SafetensorsFile {
  const header = parseSafetensorsHeader(bytes, file);
  const tensors: TensorMap = new Map();
  const dtypes = new Map<string, SafetensorsDtype>();
  for (const entry of [...header.entries].sort((a, b) => a.begin - b.begin)) {
    tensors.set(entry.name, decodeTensor(bytes, header, entry));
    dtypes.set(entry.name, entry.dtype);
  }
  return { tensors, dtypes, metadata: header.metadata };
}

/** Reads a safetensors file from disk. */
export function readSafetensors(path: string): SafetensorsFile {
  return decodeSafetensors(readFileSync(path), path);
}

/** Reads only the header of a safetensors file, checked against the file's size (a cut file fails). */
export function readSafetensorsHeader(path: string): SafetensorsHeader {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const start = new Uint8Array(Math.min(8, size));
    readSync(fd, start, 0, start.length, 0);
    if (size < 8) return parseSafetensorsHeader(start, path, size);
    const headerLength = Number(new DataView(start.buffer).getBigUint64(0, true));
    if (8 + headerLength > size) return parseSafetensorsHeader(start, path, size);
    const head = new Uint8Array(8 + headerLength);
    readSync(fd, head, 0, head.length, 0);
    return parseSafetensorsHeader(head, path, size);
  } finally {
    closeSync(fd);
  }
}

/**
 * Encodes tensors as float32 safetensors bytes. Tensors are laid out in name order, the header is
 * padded with spaces to a multiple of 8 bytes (as the reference implementation does), so the same
 * tensors always give the same bytes.
 */
export function encodeSafetensors(tensors: TensorMap, metadata: Record<string, string> = {}): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const name of names) {
    const tensor = tensors.get(name)!;
    if (numel(tensor.shape) !== tensor.data.length) {
      throw new Error(msg.safetensorsCannotWrite(name, `shape [${tensor.shape.join(', ')}] does not match ${tensor.data.length} values`));
    }
    const bytes = tensor.data.length * 4;
    header[name] = { dtype: 'F32', shape: tensor.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  let json = JSON.stringify(header);
  const encoder = new TextEncoder();
  let headerBytes = encoder.encode(json);
  const padding = (8 - (headerBytes.length % 8)) % 8;
  if (padding > 0) {
    json += ' '.repeat(padding);
    headerBytes = encoder.encode(json);
  }
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let position = 8 + headerBytes.length;
  for (const name of names) {
    const data = tensors.get(name)!.data;
    if (LITTLE_ENDIAN_HOST) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), position);
    else for (let i = 0; i < data.length; i++) view.setFloat32(position + i * 4, data[i]!, true);
    position += data.length * 4;
  }
  return out;
}
