/**
 * One onnxruntime-node InferenceSession per emitted graph, created once and reused for every step.
 * Feeds are given as typed arrays by input name; the session wraps them (without copying) in ORT
 * tensors of the declared shapes. Thread count and spinning are the caller's choice: with several
 * sessions or processes sharing the cores, spinning should be off.
 */
import ort from 'onnxruntime-node';
import type { ConstData, DType, Shape, Value } from '../graph/types.ts';
import type { EmittedModel } from '../onnx/emit.ts';

export interface ThreadOptions {
  /** Intra-op threads (default: ORT's choice, the physical cores). */
  intraOpThreads?: number;
  /** Busy-wait between ops (fast when alone on the cores; default off). */
  spinning?: boolean;
  /** Write onnxruntime's per-node profile (Chrome trace JSON) to `<profilePrefix>_<date>.json` (benchmarks). */
  profilePrefix?: string;
}

export type HostData = Float32Array | Float64Array | BigInt64Array | Uint8Array;

const ORT_TYPE: Record<DType, 'float32' | 'float64' | 'int64' | 'bool'> = {
  float32: 'float32', float64: 'float64', int64: 'int64', bool: 'bool',
};

export class GraphSession {
  private readonly wrapped = new Map<string, { data: HostData; tensor: ort.Tensor }>();

  private constructor(
    private readonly session: ort.InferenceSession,
    readonly inputs: ReadonlyMap<string, { dtype: DType; shape: Shape }>,
    readonly outputNames: readonly string[],
  ) {}

  static async create(model: EmittedModel, threads: ThreadOptions = {}): Promise<GraphSession> {
    const options: ort.InferenceSession.SessionOptions = {
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      logSeverityLevel: 3,
      extra: { session: { 'intra_op.allow_spinning': threads.spinning ? '1' : '0' } },
    };
    if (threads.intraOpThreads !== undefined) options.intraOpNumThreads = threads.intraOpThreads;
    if (threads.profilePrefix !== undefined) {
      options.enableProfiling = true;
      options.profileFilePrefix = threads.profilePrefix;
    }
    const session = model.kind === 'bytes'
      ? await ort.InferenceSession.create(model.bytes, options)
      : await ort.InferenceSession.create(model.path, options);
    const inputs = new Map<string, { dtype: DType; shape: Shape }>();
    for (const v of model.inputs) {
      if (v.source.kind === 'input') inputs.set(v.source.name, { dtype: v.dtype, shape: v.shape });
    }
    return new GraphSession(session, inputs, model.outputNames);
  }

  /** Runs the graph. Every declared input must be fed; returns the requested outputs (default all). */
  async run(feeds: ReadonlyMap<string, HostData>, fetch: readonly string[] = this.outputNames): Promise<Map<string, HostData>> {
    const ortFeeds: Record<string, ort.Tensor> = {};
    for (const [name, { dtype, shape }] of this.inputs) {
      const data = feeds.get(name);
      if (!data) throw new Error(`graph input ${name} was not fed`);
      ortFeeds[name] = this.wrap(name, data, dtype, shape);
    }
    const result = await this.session.run(ortFeeds, [...fetch]);
    const out = new Map<string, HostData>();
    for (const name of fetch) {
      const t = result[name];
      if (!t) throw new Error(`graph output ${name} missing`);
      out.set(name, t.data as HostData);
    }
    return out;
  }

  /** Ends profiling (when `profilePrefix` was set) and flushes the profile file. */
  endProfiling(): void {
    this.session.endProfiling();
  }

  async release(): Promise<void> {
    await this.session.release();
  }

  /** Reuses the ORT tensor wrapper while the same host buffer is fed again. */
  private wrap(name: string, data: HostData, dtype: DType, shape: Shape): ort.Tensor {
    const cached = this.wrapped.get(name);
    if (cached && cached.data === data) return cached.tensor;
    const expected = shape.reduce((a, b) => a * b, 1);
    if (data.length !== expected) throw new Error(`input ${name} needs ${expected} values for shape [${shape}], got ${data.length}`);
    const tensor = new ort.Tensor(ORT_TYPE[dtype], dtype === 'bool' ? boolView(data) : data, [...shape]);
    this.wrapped.set(name, { data, tensor });
    return tensor;
  }
}

function boolView(data: HostData): Uint8Array {
  return data instanceof Uint8Array ? data : Uint8Array.from(data as ArrayLike<number>);
}

export type { ConstData, Value };
