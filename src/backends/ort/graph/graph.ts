/**
 * A graph under construction: values (inputs, constants, node outputs) and nodes in creation
 * order, which is also a topological order. Module code names the part it builds with `scoped`,
 * so the emitted graph can be inspected per module (tests check which scopes the backward reaches).
 */
import type { ConstData, DType, InputRole, Node, NodeAttrs, OpType, Shape, Tensor, Value } from './types.ts';

export class Graph {
  readonly values: Value[] = [];
  readonly nodes: Node[] = [];
  private readonly scopeStack: string[] = [];
  private readonly scalarCache = new Map<string, Tensor>();
  private readonly inputNames = new Set<string>();

  /** Declares a graph input (a trainable parameter, a frozen weight or batch data). */
  input(name: string, dtype: DType, shape: Shape, role: InputRole): Tensor {
    if (this.inputNames.has(name)) throw new Error(`graph input ${name} declared twice`);
    this.inputNames.add(name);
    return this.addValue(dtype, shape, { kind: 'input', name, role });
  }

  /** A constant tensor embedded in the model. */
  constant(data: ConstData, dtype: DType, shape: Shape): Tensor {
    const expected = shape.reduce((a, b) => a * b, 1);
    if (data.length !== expected) throw new Error(`constant of shape [${shape}] needs ${expected} values, got ${data.length}`);
    return this.addValue(dtype, shape, { kind: 'const', data });
  }

  /** A scalar constant (shape []), shared between uses. */
  scalar(value: number, dtype: DType): Tensor {
    const key = `${dtype}:${value}`;
    const cached = this.scalarCache.get(key);
    if (cached) return cached;
    const data = dtype === 'float64' ? Float64Array.of(value) : dtype === 'int64' ? BigInt64Array.of(BigInt(value)) : Float32Array.of(value);
    const t = this.constant(data, dtype, []);
    this.scalarCache.set(key, t);
    return t;
  }

  /** Appends one node; shape inference is the caller's (see `ops.ts`). */
  addNode(op: OpType, inputs: readonly Tensor[], attrs: NodeAttrs, dtype: DType, shape: Shape): Tensor {
    const index = this.nodes.length;
    const output = this.addValue(dtype, shape, { kind: 'node', node: index });
    this.nodes.push({ index, op, inputs, output, attrs, scope: this.scopeStack.join('/') });
    return output;
  }

  /** Runs `build` with `name` appended to the scope of every node it creates. */
  scoped<T>(name: string, build: () => T): T {
    this.scopeStack.push(name);
    try {
      return build();
    } finally {
      this.scopeStack.pop();
    }
  }

  /** Replaces the whole scope (used by autodiff to tag backward nodes). */
  withScope<T>(scope: string, build: () => T): T {
    const saved = this.scopeStack.splice(0, this.scopeStack.length);
    if (scope !== '') this.scopeStack.push(scope);
    try {
      return build();
    } finally {
      this.scopeStack.splice(0, this.scopeStack.length, ...saved);
    }
  }

  value(t: Tensor): Value {
    const v = this.values[t.id];
    if (!v) throw new Error(`tensor ${t.id} is not part of this graph`);
    return v;
  }

  /** The node that produced `t`, or undefined for inputs and constants. */
  producer(t: Tensor): Node | undefined {
    const src = this.value(t).source;
    return src.kind === 'node' ? this.nodes[src.node] : undefined;
  }

  inputs(): Value[] {
    return this.values.filter((v) => v.source.kind === 'input');
  }

  private addValue(dtype: DType, shape: Shape, source: Value['source']): Tensor {
    const v: Value = { id: this.values.length, dtype, shape: [...shape], source };
    this.values.push(v);
    return v;
  }
}
