/**
 * The state of building one model graph: which weights are frozen (initializers or shared inputs)
 * and which are trainable (parameters with their initial values), which dropout masks the trainer
 * must feed, and the method hooks applied at each site. Model files (`encoder.ts`, `decoder.ts`)
 * ask this context for weights and projections and never create inputs themselves.
 */
import { UserError } from '../../../errors.ts';
import { engineMessages as msg } from '../../../messages/index.ts';
import type { TensorMap } from '../../../models/safetensors.ts';
import * as nn from '../graph/composite.ts';
import type { Graph } from '../graph/graph.ts';
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';
import type { BuildContext, EngineMethod, LinearSite } from '../methods/method.ts';
import type { Rng } from '../train/prng.ts';

export interface TrainableParam {
  name: string;
  tensor: Tensor;
  shape: number[];
  /** Initial value (the engine's own copy, updated in place by the optimizer). */
  value: Float32Array;
  /** Decoupled weight decay applies (not to biases and norm gains, as HF's Trainer does). */
  decay: boolean;
  /** Part of the task head (reported apart from the method's parameters). */
  head: boolean;
}

/** A fixed method tensor (BuildContext.buffer): fed as the graph input `s:<name>`, never trained. */
export interface MethodBuffer {
  name: string;
  tensor: Tensor;
  shape: number[];
  value: Float32Array;
}

export interface DropoutSite {
  name: string;
  input: string;
  shape: number[];
  p: number;
}

export class ModelContext implements BuildContext {
  readonly params = new Map<string, TrainableParam>();
  readonly buffers = new Map<string, MethodBuffer>();
  readonly frozen = new Map<string, Float32Array>();
  readonly dropouts: DropoutSite[] = [];
  private readonly weightTensors = new Map<string, Tensor>();
  readonly seqLen: number;
  readonly virtualTokens: number;
  readonly attentionMask: Tensor;

  /** `inputLength` and `batchMask` [B, inputLength] are the batch's; the method's virtual tokens come on top. */
  constructor(
    readonly g: Graph,
    readonly training: boolean,
    readonly batch: number,
    inputLength: number,
    batchMask: Tensor,
    private readonly weights: TensorMap,
    private readonly source: string,
    readonly method: EngineMethod,
    private readonly rng: Rng,
  ) {
    this.virtualTokens = method.virtualTokens ?? 0;
    this.seqLen = inputLength + this.virtualTokens;
    this.attentionMask = this.virtualTokens === 0
      ? batchMask
      : op.concat(g, [g.constant(new Float32Array(batch * this.virtualTokens).fill(1), 'float32', [batch, this.virtualTokens]), batchMask], 1);
  }

  /** A base weight by normalised HF name, checked against the shape the architecture implies. */
  weight(name: string, shape: readonly number[], family: string): Tensor {
    const cached = this.weightTensors.get(name);
    if (cached) return cached;
    const w = this.weights.get(name);
    if (!w) throw new UserError(msg.weightMissing(this.source, name, family));
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) throw new UserError(msg.weightShape(this.source, name, w.shape, shape));
    let t: Tensor;
    if (this.method.trainsBaseWeight(name)) {
      t = this.addParam(name, shape, w.data.slice(), isDecayed(name), false);
    } else {
      t = this.g.input(`w:${name}`, 'float32', shape, 'frozen');
      this.frozen.set(`w:${name}`, w.data);
    }
    this.weightTensors.set(name, t);
    return t;
  }

  /** Whether the checkpoint holds `name` (heads are optional: absent ones are initialised). */
  has(name: string): boolean {
    return this.weights.has(name);
  }

  /**
   * A task-head weight: taken from the checkpoint when present, else initialised N(0, std²)
   * (biases zero) from the seeded generator. Trainable when the method trains the head.
   */
  headWeight(name: string, shape: readonly number[], std: number): Tensor {
    const cached = this.weightTensors.get(name);
    if (cached) return cached;
    const existing = this.weights.get(name);
    const n = shape.reduce((a, b) => a * b, 1);
    const init = existing && existing.data.length === n ? existing.data.slice() : name.endsWith('.bias') ? new Float32Array(n) : this.rng.fork(name).normalArray(n, std);
    let t: Tensor;
    if (this.method.trainsHead) t = this.addParam(name, shape, init, isDecayed(name), true);
    else {
      t = this.g.input(`w:${name}`, 'float32', shape, 'frozen');
      this.frozen.set(`w:${name}`, init);
    }
    this.weightTensors.set(name, t);
    return t;
  }

  param(name: string, shape: readonly number[], init: Float32Array, options: { decay?: boolean } = {}): Tensor {
    return this.addParam(`method.${name}`, shape, init, options.decay ?? true, false);
  }

  buffer(name: string, shape: readonly number[], init: Float32Array): Tensor {
    const full = `method.${name}`;
    if (this.buffers.has(full)) throw new Error(`buffer ${full} declared twice`);
    const tensor = this.g.input(`s:${full}`, 'float32', shape, 'frozen');
    this.buffers.set(full, { name: full, tensor, shape: [...shape], value: init });
    return tensor;
  }

  dropout(name: string, x: Tensor, p: number): Tensor {
    if (!this.training || p <= 0) return x;
    const input = `d:${name}`;
    const mask = this.g.input(input, x.dtype, x.shape, 'batch');
    this.dropouts.push({ name, input, shape: [...x.shape], p });
    return op.mul(this.g, x, mask);
  }

  initRng(name: string): Rng {
    return this.rng.fork(`method.${name}`);
  }

  weightValue(name: string): Float32Array {
    const w = this.weights.get(name);
    if (!w) throw new UserError(msg.weightMissing(this.source, name, this.method.kind));
    return w.data;
  }

  /** y = x·Wᵀ + b for the module `site.module`, through the method's linear hook when it has one. */
  linear(site: LinearSite, x: Tensor, withBias: boolean, family: string): Tensor {
    const weight = this.weight(`${site.module}.weight`, [site.outFeatures, site.inFeatures], family);
    const bias = withBias ? this.weight(`${site.module}.bias`, [site.outFeatures], family) : undefined;
    const base = (input: Tensor): Tensor => nn.linear(this.g, input, weight, bias);
    const hook = this.method.hooks.linear;
    return hook ? hook(this, site, x, weight, bias, base) : base(x);
  }

  blockOutput(layer: number, h: Tensor): Tensor {
    const hook = this.method.hooks.blockOutput;
    return hook ? this.g.scoped('method', () => hook(this, layer, h)) : h;
  }

  /** The token embeddings through the method's inputEmbeddings hook ([B, S_in, H] → [B, S, H]). */
  inputEmbeddings(words: Tensor): Tensor {
    const hook = this.method.hooks.inputEmbeddings;
    const out = hook ? this.g.scoped('method', () => hook(this, words)) : words;
    if (out.shape[1] !== this.seqLen) throw new Error(`internal: ${this.method.kind} embeddings have ${out.shape[1]} positions, expected ${this.seqLen}`);
    return out;
  }

  embeddings(h: Tensor): Tensor {
    const hook = this.method.hooks.embeddings;
    return hook ? this.g.scoped('method', () => hook(this, h)) : h;
  }

  private addParam(name: string, shape: readonly number[], value: Float32Array, decay: boolean, head: boolean): Tensor {
    if (this.params.has(name)) throw new Error(`parameter ${name} declared twice`);
    const tensor = this.g.input(`p:${name}`, 'float32', shape, 'param');
    this.params.set(name, { name, tensor, shape: [...shape], value, decay, head });
    return tensor;
  }
}

/** HF Trainer convention: no weight decay on biases and normalisation weights. */
function isDecayed(name: string): boolean {
  return !(name.endsWith('.bias') || /norm|LayerNorm/i.test(name));
}
