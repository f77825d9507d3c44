import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.ts';
import { decodeSafetensors, encodeSafetensors, type TensorMap } from '../../src/models/safetensors.ts';

/** Builds safetensors bytes by hand from a header object and a raw data section. */
function build(header: Record<string, unknown>, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

function rejects(bytes: Uint8Array, pattern: RegExp): void {
  assert.throws(() => decodeSafetensors(bytes, 'w.safetensors'), (e: unknown) => e instanceof UserError && pattern.test(e.message));
}

test('float32 round trip keeps names, shapes, values and metadata; the header is 8-byte aligned', () => {
  const tensors: TensorMap = new Map([
    ['b.weight', { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 1e-8, -0, 65504]) }],
    ['a.bias', { shape: [3], data: Float32Array.from([0.1, 0.2, 0.3]) }],
    ['scalar', { shape: [], data: Float32Array.from([7]) }],
  ]);
  const bytes = encodeSafetensors(tensors, { format: 'pt' });
  const headerLength = Number(new DataView(bytes.buffer).getBigUint64(0, true));
  assert.equal(headerLength % 8, 0);
  const back = decodeSafetensors(bytes, 'x.safetensors');
  assert.deepEqual(back.metadata, { format: 'pt' });
  for (const [name, tensor] of tensors) {
    assert.deepEqual(back.tensors.get(name)!.shape, tensor.shape);
    assert.deepEqual([...back.tensors.get(name)!.data], [...tensor.data]);
    assert.equal(back.dtypes.get(name), 'F32');
  }
  assert.deepEqual(encodeSafetensors(tensors, { format: 'pt' }), bytes, 'same tensors, same bytes');
});

test('F16, BF16, F64, I64 and I32 widen to float32', () => {
  const data = new Uint8Array(2 * 3 + 2 * 2 + 8 + 8 * 2 + 4);
  const v = new DataView(data.buffer);
  v.setUint16(0, 0x3c00, true); // 1
  v.setUint16(2, 0xc000, true); // -2
  v.setUint16(4, 0x0001, true); // smallest subnormal 2^-24
  v.setUint16(6, 0x3f80, true); // bf16 1
  v.setUint16(8, 0xc0a0, true); // bf16 -5
  v.setFloat64(10, 0.25, true);
  v.setBigInt64(18, 511n, true);
  v.setBigInt64(26, -3n, true);
  v.setInt32(34, 42, true);
  const bytes = build(
    {
      h: { dtype: 'F16', shape: [3], data_offsets: [0, 6] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [6, 10] },
      d: { dtype: 'F64', shape: [1], data_offsets: [10, 18] },
      l: { dtype: 'I64', shape: [2], data_offsets: [18, 34] },
      i: { dtype: 'I32', shape: [1], data_offsets: [34, 38] },
    },
    data,
  );
  const { tensors, dtypes } = decodeSafetensors(bytes, 'mixed.safetensors');
  assert.deepEqual([...tensors.get('h')!.data], [1, -2, Math.fround(2 ** -24)]);
  assert.deepEqual([...tensors.get('b')!.data], [1, -5]);
  assert.deepEqual([...tensors.get('d')!.data], [0.25]);
  assert.deepEqual([...tensors.get('l')!.data], [511, -3]);
  assert.deepEqual([...tensors.get('i')!.data], [42]);
  assert.equal(dtypes.get('b'), 'BF16');
});

test('truncated and malformed files give one clear message naming the file and place', () => {
  rejects(new Uint8Array(5), /w\.safetensors: only 5 bytes/);
  const good = encodeSafetensors(new Map([['x', { shape: [4], data: new Float32Array(4) }]]));
  rejects(good.subarray(0, 20), /header length at byte 0 says \d+ bytes, but the file has only 20/);
  rejects(good.subarray(0, good.length - 4), /tensor "x" ends at data byte 16, past the end of the data \(12 bytes\)/);
  const notJson = new Uint8Array(8 + 3);
  new DataView(notJson.buffer).setBigUint64(0, 3n, true);
  notJson.set(new TextEncoder().encode('{x:'), 8);
  rejects(notJson, /JSON header \(from byte 8\) does not parse/);
  rejects(build({ x: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, new Uint8Array(8)), /dtype C64, which reftbench does not read/);
  rejects(build({ x: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), /shape \[3\] of F32 but its data_offsets span 8 bytes/);
  rejects(build({ x: { dtype: 'F32', shape: 'big', data_offsets: [0, 8] } }, new Uint8Array(8)), /entry "x" has a "shape" that is not/);
  rejects(build({ x: { dtype: 'F32', shape: [1], data_offsets: [4, 0] } }, new Uint8Array(8)), /entry "x" has "data_offsets" that are not/);
  rejects(build([] as unknown as Record<string, unknown>, new Uint8Array(0)), /not a JSON object/);
});
