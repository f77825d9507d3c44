/**
 * The vocabulary of the graph builder: element types, static shapes, the fixed set of primitive
 * operators and the nodes and values a graph is made of. Every operator listed in `OP_TYPES` must
 * have a gradient rule in `grad-rules.ts` (the table is a `Record<OpType, GradRule>`).
 */

/** Element types the engine emits. Floating types carry gradients; the others never do. */
export type DType = 'float32' | 'float64' | 'int64' | 'bool';

/** A static shape: every dimension is a known positive integer (or 0 for empty). */
export type Shape = readonly number[];

/**
 * The primitive operators. Composite operators (attention, cross-entropy, ...) are built from these.
 * `Softmax`, `LayerNorm` (both over the last axis) and `Gelu` (erf form) are primitives although
 * they could be composed: one onnxruntime kernel each instead of 5–9 elementwise passes, and their
 * gradient rules keep only the output (softmax) or the input (layer norm, GELU) alive for backward.
 */
export const OP_TYPES = [
  'MatMul',
  'Gemm',
  'Add',
  'Sub',
  'Mul',
  'Div',
  'Neg',
  'Exp',
  'Log',
  'Sqrt',
  'Pow',
  'Erf',
  'Tanh',
  'Max',
  'ReduceSum',
  'ReduceMean',
  'ReduceMax',
  'Reshape',
  'Transpose',
  'Slice',
  'Pad',
  'Concat',
  'Gather',
  'ScatterAddRows',
  'Where',
  'Cast',
  'Expand',
  'Equal',
  'Less',
  'Greater',
  'StopGradient',
  'Softmax',
  'LayerNorm',
  'Gelu',
] as const;
export type OpType = (typeof OP_TYPES)[number];

/** Static attributes of a node; which fields an operator reads is documented in `ops.ts`. */
export interface NodeAttrs {
  /** Transpose permutation. */
  perm?: readonly number[];
  /** Reduction axes (non-negative). */
  axes?: readonly number[];
  keepdims?: boolean;
  /** Slice: per-axis start and end (exclusive), aligned with `axes`. */
  starts?: readonly number[];
  ends?: readonly number[];
  /** Pad: zeros before and after, one pair per dimension. */
  padBefore?: readonly number[];
  padAfter?: readonly number[];
  /** Concat / Gather axis (non-negative). */
  axis?: number;
  /** Gemm: use the transpose of operand A / B. */
  transA?: boolean;
  transB?: boolean;
  /** Pow: the constant exponent. */
  exponent?: number;
  /** ScatterAddRows: the number of rows of the produced table. */
  rows?: number;
  /** LayerNorm: the constant added to the variance. */
  epsilon?: number;
}

/** Where a value comes from. */
export type ValueKind =
  | { kind: 'input'; name: string; role: InputRole }
  | { kind: 'const'; data: ConstData }
  | { kind: 'node'; node: number };

/**
 * Graph inputs: `param` = trainable parameter (fed each step, gradients are emitted for it),
 * `frozen` = base weight (an initializer, or a fed input when weights are shared between sessions),
 * `batch` = data of one step (token ids, masks, labels, dropout masks).
 */
export type InputRole = 'param' | 'frozen' | 'batch';

export type ConstData = Float32Array | Float64Array | BigInt64Array | Uint8Array;

/** A symbolic tensor: a value of one graph with a static shape and element type. */
export interface Tensor {
  readonly id: number;
  readonly dtype: DType;
  readonly shape: Shape;
}

export interface Value extends Tensor {
  readonly source: ValueKind;
}

export interface Node {
  readonly index: number;
  readonly op: OpType;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: NodeAttrs;
  /** Module path that built the node (`layer3/attn`); backward nodes get `grad:` + that path. */
  readonly scope: string;
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

export function numel(shape: Shape): number {
  return shape.reduce((a, b) => a * b, 1);
}
