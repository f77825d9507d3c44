/**
 * Graph → ONNX model bytes. Only nodes that the requested outputs depend on are written. Frozen
 * weights become initializers (or stay graph inputs when the caller shares them between
 * sessions); when the initializers exceed protobuf's 2 GB limit they go to an external data file
 * next to the model, which then has to be loaded from its path.
 */
import { writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../graph/graph.ts';
import type { ConstData, DType, Node, Shape, Tensor, Value } from '../graph/types.ts';
import { ATTR_TYPE, DATA_LOCATION_EXTERNAL, ModelProto, ONNX_DTYPE } from './proto.ts';

export const OPSET = 17;
/** Above this many initializer bytes, weights go to an external data file. */
export const EXTERNAL_DATA_THRESHOLD = 1.8e9;

export interface EmitOptions {
  /** Output name → tensor; the model's outputs in this order. */
  outputs: ReadonlyArray<readonly [string, Tensor]>;
  /** Data of frozen inputs, by input name; written as initializers. Frozen inputs missing here stay graph inputs. */
  frozenData?: ReadonlyMap<string, ConstData>;
  /** Where to write `<name>.onnx` + `<name>.weights` when the model is too large for one protobuf. */
  externalDir?: string;
  name?: string;
  /** Force external data below the threshold (tests). */
  externalThreshold?: number;
}

export type EmittedModel =
  | { kind: 'bytes'; bytes: Uint8Array; inputs: Value[]; outputNames: string[] }
  | { kind: 'file'; path: string; inputs: Value[]; outputNames: string[] };

interface TensorProtoObj {
  name: string;
  dims: number[];
  dataType: number;
  rawData?: Uint8Array;
  externalData?: { key: string; value: string }[];
  dataLocation?: number;
}

interface AttrObj {
  name: string;
  type: number;
  i?: number;
  f?: number;
  s?: Uint8Array;
  ints?: number[];
  t?: TensorProtoObj;
}

interface NodeObj {
  input: string[];
  output: string[];
  name: string;
  opType: string;
  attribute: AttrObj[];
  /** Operator set domain; absent = the ONNX default domain. */
  domain?: string;
}

/** onnxruntime's contrib operator domain (Gelu). */
const MS_DOMAIN = 'com.microsoft';

const bytesOf = (data: ConstData): Uint8Array => new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

function valueInfo(name: string, dtype: DType, shape: Shape): object {
  return { name, type: { tensorType: { elemType: ONNX_DTYPE[dtype], shape: { dim: shape.map((d) => ({ dimValue: d })) } } } };
}

const ints = (name: string, values: readonly number[]): AttrObj => ({ name, type: ATTR_TYPE.INTS, ints: [...values] });
const int = (name: string, value: number): AttrObj => ({ name, type: ATTR_TYPE.INT, i: value });
const float = (name: string, value: number): AttrObj => ({ name, type: ATTR_TYPE.FLOAT, f: value });

/** Writes the graph's live part as an ONNX model. */
export function emitModel(g: Graph, options: EmitOptions): EmittedModel {
  const live = liveNodes(g, options.outputs.map(([, t]) => t));
  const nameOf = (t: Tensor): string => {
    const v = g.value(t);
    return v.source.kind === 'input' ? v.source.name : v.source.kind === 'const' ? `c${t.id}` : `t${t.id}`;
  };

  const initializers: { proto: TensorProtoObj; data: ConstData }[] = [];
  const addInit = (name: string, dtype: DType, dims: Shape, data: ConstData): void => {
    initializers.push({ proto: { name, dims: [...dims], dataType: ONNX_DTYPE[dtype] }, data });
  };
  let helperCount = 0;
  const int64Const = (values: readonly number[]): string => {
    const name = `k${helperCount++}`;
    addInit(name, 'int64', [values.length], BigInt64Array.from(values.map(BigInt)));
    return name;
  };

  const usedValues = new Set<number>();
  const nodes: NodeObj[] = [];
  for (const node of live) {
    node.inputs.forEach((t) => usedValues.add(t.id));
    nodes.push(...lowerNode(node, nameOf, int64Const, (name, dtype, data) => addInit(name, dtype, [], data)));
  }
  const outputs = options.outputs.map(([name, t]) => {
    usedValues.add(t.id);
    nodes.push({ input: [nameOf(t)], output: [name], name: `out_${name}`, opType: 'Identity', attribute: [] });
    return valueInfo(name, t.dtype, t.shape);
  });

  const inputs: Value[] = [];
  for (const v of g.values) {
    if (!usedValues.has(v.id)) continue;
    if (v.source.kind === 'const') addInit(nameOf(v), v.dtype, v.shape, v.source.data);
    if (v.source.kind === 'input') {
      const frozen = v.source.role === 'frozen' ? options.frozenData?.get(v.source.name) : undefined;
      if (frozen) addInit(v.source.name, v.dtype, v.shape, frozen);
      else inputs.push(v);
    }
  }

  const totalBytes = initializers.reduce((n, x) => n + x.data.byteLength, 0);
  const external = totalBytes > (options.externalThreshold ?? EXTERNAL_DATA_THRESHOLD);
  const modelName = options.name ?? 'reftbench';
  let fd: number | undefined;
  if (external) {
    if (!options.externalDir) throw new Error(`model ${modelName} has ${totalBytes} bytes of weights; pass externalDir to write them beside it`);
    fd = openSync(join(options.externalDir, `${modelName}.weights`), 'w');
  }
  let offset = 0;
  const initProtos = initializers.map(({ proto, data }) => {
    if (fd === undefined || data.byteLength < 1024) return { ...proto, rawData: bytesOf(data) };
    writeSync(fd, bytesOf(data), 0, data.byteLength, offset);
    const ext = [
      { key: 'location', value: `${modelName}.weights` },
      { key: 'offset', value: String(offset) },
      { key: 'length', value: String(data.byteLength) },
    ];
    offset += data.byteLength;
    return { ...proto, externalData: ext, dataLocation: DATA_LOCATION_EXTERNAL };
  });
  if (fd !== undefined) closeSync(fd);

  const model = {
    irVersion: 8,
    producerName: 'reftbench',
    opsetImport: [{ domain: '', version: OPSET }, { domain: MS_DOMAIN, version: 1 }],
    graph: {
      name: modelName,
      node: nodes,
      initializer: initProtos,
      input: inputs.map((v) => valueInfo(nameOf(v), v.dtype, v.shape)),
      output: outputs,
    },
  };
  const bytes = ModelProto.encode(model).finish();
  const outputNames = options.outputs.map(([name]) => name);
  if (external && options.externalDir) {
    const path = join(options.externalDir, `${modelName}.onnx`);
    writeFileSync(path, bytes);
    return { kind: 'file', path, inputs, outputNames };
  }
  return { kind: 'bytes', bytes, inputs, outputNames };
}

/** Nodes the outputs depend on, in creation order. */
export function liveNodes(g: Graph, outputs: readonly Tensor[]): Node[] {
  const needed = new Set(outputs.map((t) => t.id));
  const keep: boolean[] = [];
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const node = g.nodes[i]!;
    if (!needed.has(node.output.id)) continue;
    keep[i] = true;
    node.inputs.forEach((t) => needed.add(t.id));
  }
  return g.nodes.filter((_, i) => keep[i]);
}

/** One graph node as one or more ONNX nodes. */
function lowerNode(
  node: Node,
  nameOf: (t: Tensor) => string,
  int64Const: (values: readonly number[]) => string,
  scalarInit: (name: string, dtype: DType, data: ConstData) => void,
): NodeObj[] {
  const ins = node.inputs.map(nameOf);
  const out = nameOf(node.output);
  // The module scope travels in the node name (`layer3/attn#n120`, `grad:layer3/attn#n700`), so an
  // emitted model can be inspected for which modules its backward pass reaches.
  const name = `${node.scope}#n${node.index}`;
  const a = node.attrs;
  const one = (opType: string, input: string[], attribute: AttrObj[] = []): NodeObj[] => [{ input, output: [out], name, opType, attribute }];
  switch (node.op) {
    case 'MatMul': case 'Add': case 'Sub': case 'Mul': case 'Div': case 'Neg': case 'Exp': case 'Log':
    case 'Sqrt': case 'Erf': case 'Tanh': case 'Max': case 'Where': case 'Equal': case 'Less': case 'Greater':
      return one(node.op, ins);
    case 'Pow': {
      const dtype = node.output.dtype;
      const expName = `${name}_exp`;
      scalarInit(expName, dtype, dtype === 'float64' ? Float64Array.of(a.exponent ?? 1) : Float32Array.of(a.exponent ?? 1));
      return one('Pow', [ins[0]!, expName]);
    }
    case 'ReduceSum':
      return one('ReduceSum', [ins[0]!, int64Const(a.axes ?? [])], [int('keepdims', a.keepdims ? 1 : 0)]);
    case 'ReduceMean': case 'ReduceMax':
      return one(node.op, ins, [ints('axes', a.axes ?? []), int('keepdims', a.keepdims ? 1 : 0)]);
    case 'Reshape':
      return one('Reshape', [ins[0]!, int64Const(node.output.shape)]);
    case 'Transpose':
      return one('Transpose', ins, [ints('perm', a.perm ?? [])]);
    case 'Gemm':
      return one('Gemm', ins, [int('transA', a.transA ? 1 : 0), int('transB', a.transB ? 1 : 0)]);
    case 'Slice':
      return one('Slice', [ins[0]!, int64Const(a.starts ?? []), int64Const(a.ends ?? []), int64Const(a.axes ?? [])]);
    case 'Pad':
      return one('Pad', [ins[0]!, int64Const([...(a.padBefore ?? []), ...(a.padAfter ?? [])])]);
    case 'Concat':
      return one('Concat', ins, [int('axis', a.axis ?? 0)]);
    case 'Gather':
      return one('Gather', ins, [int('axis', a.axis ?? 0)]);
    case 'Cast':
      return one('Cast', ins, [int('to', ONNX_DTYPE[node.output.dtype])]);
    case 'Expand':
      return one('Expand', [ins[0]!, int64Const(node.output.shape)]);
    case 'StopGradient':
      return one('Identity', ins);
    case 'Softmax':
      return one('Softmax', ins, [int('axis', a.axis ?? -1)]);
    case 'Gelu':
      return [{ input: ins, output: [out], name, opType: 'Gelu', attribute: [], domain: MS_DOMAIN }];
    case 'LayerNorm':
      return one('LayerNormalization', ins, [int('axis', a.axis ?? -1), float('epsilon', a.epsilon ?? 0)]);
    case 'ScatterAddRows': {
      const dtype = node.output.dtype;
      const zeroValue: TensorProtoObj = {
        name: '', dims: [1], dataType: ONNX_DTYPE[dtype],
        rawData: bytesOf(dtype === 'float64' ? new Float64Array(1) : new Float32Array(1)),
      };
      // ScatterElements (axis 0, reduction add) with the row index repeated along each row: onnxruntime
      // runs it in one sequential loop, so rows that share an index are summed in update order, every
      // run alike. (ScatterND with reduction add splits the updates over threads and loses
      // concurrent updates of one row: up to 3% off with 2 threads, a different result every run.)
      const n = node.inputs[0]!.shape[0] as number;
      const width = node.inputs[1]!.shape[1] as number;
      return [
        { input: [int64Const(node.output.shape)], output: [`${name}_zeros`], name: `${name}_z`, opType: 'ConstantOfShape', attribute: [{ name: 'value', type: ATTR_TYPE.TENSOR, t: zeroValue }] },
        { input: [ins[0]!, int64Const([n, 1])], output: [`${name}_col`], name: `${name}_i`, opType: 'Reshape', attribute: [] },
        { input: [`${name}_col`, int64Const([n, width])], output: [`${name}_idx`], name: `${name}_e`, opType: 'Expand', attribute: [] },
        { input: [`${name}_zeros`, `${name}_idx`, ins[1]!], output: [out], name, opType: 'ScatterElements', attribute: [int('axis', 0), { name: 'reduction', type: ATTR_TYPE.STRING, s: new TextEncoder().encode('add') }] },
      ];
    }
  }
}
