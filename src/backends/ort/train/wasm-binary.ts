/**
 * A minimal WebAssembly binary writer: just what the optimizer's kernel needs (one imported memory,
 * functions with i32/f64/v128 parameters and locals, exports), and the opcodes it uses, named.
 * Encoding per the WebAssembly core spec (binary format, §5) and the fixed-width SIMD proposal
 * (standardised in WebAssembly 2.0; every SIMD instruction is the prefix 0xFD + a LEB128 opcode).
 */

/** Value types (spec §5.3.1). */
export const ValType = { i32: 0x7f, f64: 0x7c, v128: 0x7b } as const;
export type ValType = (typeof ValType)[keyof typeof ValType];

/** Unsigned LEB128 (sizes, indices, memory-argument fields, SIMD opcodes). */
export function uleb(n: number): number[] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`uleb: ${n} is not an unsigned integer`);
  const out: number[] = [];
  let x = n;
  do {
    let byte = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) byte |= 0x80;
    out.push(byte);
  } while (x > 0);
  return out;
}

/** Signed LEB128 for 32-bit immediates (`i32.const`). */
export function sleb(n: number): number[] {
  if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw new Error(`sleb: ${n} is not a 32-bit integer`);
  const out: number[] = [];
  let x = n;
  for (;;) {
    const byte = x & 0x7f;
    x >>= 7;
    const done = (x === 0 && (byte & 0x40) === 0) || (x === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const utf8 = (s: string): number[] => [...uleb(Buffer.byteLength(s)), ...Buffer.from(s, 'utf8')];
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** Instructions, each as its bytes (the instruction-set chapter's opcodes). */
export const I = {
  localGet: (i: number): number[] => [0x20, ...uleb(i)],
  localSet: (i: number): number[] => [0x21, ...uleb(i)],
  localTee: (i: number): number[] => [0x22, ...uleb(i)],
  i32Const: (n: number): number[] => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Sub: [0x6b],
  i32Eqz: [0x45],
  /** `block` / `loop` with the empty block type, `br_if` to a label depth, `end`. */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  brIf: (depth: number): number[] => [0x0d, ...uleb(depth)],
  end: [0x0b],
  // SIMD (0xFD prefix). memarg = alignment exponent, then a constant byte offset.
  /** Loads / stores 16 bytes (two float64). */
  v128Load: (offset = 0): number[] => [0xfd, ...uleb(0x00), 4, ...uleb(offset)],
  v128Store: (offset = 0): number[] => [0xfd, ...uleb(0x0b), 4, ...uleb(offset)],
  /** Loads 8 bytes (two float32) into the low half of a v128, zeroing the high half. */
  v128Load64Zero: (offset = 0): number[] => [0xfd, ...uleb(0x5d), 3, ...uleb(offset)],
  /** Stores lane `lane` of the v128 viewed as two 64-bit lanes (here: two float32 in lane 0). */
  v128Store64Lane: (lane: number, offset = 0): number[] => [0xfd, ...uleb(0x5b), 3, ...uleb(offset), lane],
  f64x2Splat: [0xfd, ...uleb(0x14)],
  /** f32 lanes 0 and 1 → f64 lanes 0 and 1 (exact). */
  f64x2PromoteLowF32x4: [0xfd, ...uleb(0x5f)],
  /** f64 lanes → f32 lanes 0 and 1 (round to nearest, ties to even; as a Float32Array store), lanes 2, 3 zero. */
  f32x4DemoteF64x2Zero: [0xfd, ...uleb(0x5e)],
  f64x2Sqrt: [0xfd, ...uleb(0xef)],
  f64x2Add: [0xfd, ...uleb(0xf0)],
  f64x2Sub: [0xfd, ...uleb(0xf1)],
  f64x2Mul: [0xfd, ...uleb(0xf2)],
  f64x2Div: [0xfd, ...uleb(0xf3)],
} as const;

export interface WasmFunction {
  name: string;
  params: ValType[];
  locals: ValType[];
  /** The body's instructions, without the final `end`. */
  body: number[];
}

/**
 * A module that imports its memory as `env.memory` (`pages` × 64 KiB, fixed: minimum = maximum, so it
 * can never grow and views over its buffer stay valid) and exports `functions` (no results).
 */
export function wasmModule(pages: number, functions: readonly WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec([])]);
  const memoryImport = [...utf8('env'), ...utf8('memory'), 0x02, 0x01, ...uleb(pages), ...uleb(pages)];
  const bodies = functions.map((f) => {
    const locals = vec(f.locals.map((t) => [...uleb(1), t]));
    const code = [...locals, ...f.body, ...I.end];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    ...section(1, vec(types)),
    ...section(2, vec([memoryImport])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}
