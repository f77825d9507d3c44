/**
 * The training engine: builds the training graph (forward + pruned backward) and the eval graph
 * (forward only) of a model under a method, emits both as ONNX, opens one onnxruntime session for
 * each (created once, reused every step), and runs AdamW with a warmup schedule and gradient
 * clipping in TypeScript. Frozen base weights are either initializers of each session or — the
 * default, so they are held once whatever the number of sessions — graph inputs fed from the one
 * host copy the model loader returned (onnxruntime reads fed buffers without copying them).
 */
import { UserError } from '../../errors.ts';
import { engineMessages as msg } from '../../messages/index.ts';
import type { ArchConfig } from '../../models/arch.ts';
import { normalizeWeightNames } from '../../models/hf-dir.ts';
import type { TensorMap } from '../../models/safetensors.ts';
import { gradients } from './graph/autodiff.ts';
import { matmulFlops, type GraphFlops } from './graph/flops.ts';
import { Graph } from './graph/graph.ts';
import type { Tensor } from './graph/types.ts';
import { emitModel, type EmittedModel } from './onnx/emit.ts';
import { GraphSession, type HostData, type ThreadOptions } from './exec/session.ts';
import type { EngineMethod } from './methods/method.ts';
import { ModelContext, type DropoutSite, type TrainableParam } from './models/context.ts';
import { buildDecoder } from './models/decoder.ts';
import { buildEncoder } from './models/encoder.ts';
import type { TaskSpec } from './models/task.ts';
import { ADAMW_DEFAULTS, AdamW, type AdamWConfig } from './train/adamw.ts';
import { fillDropoutMask } from './train/dropout.ts';
import { Rng } from './train/prng.ts';
import { learningRate, type ScheduleKind } from './train/schedule.ts';

export interface EngineModel {
  arch: ArchConfig;
  /** HF tensor names (normalised here, see `normalizeWeightNames`), float32. */
  weights: TensorMap;
  /** Where the model came from, for messages (a directory or `tiny:llama@1`). */
  source: string;
}

export interface EngineConfig {
  batchSize: number;
  /** Rows of the eval graph's batches (undefined: batchSize); evaluation needs no backward, so it can take more. */
  evalBatchSize: number | undefined;
  seqLen: number;
  learningRate: number;
  schedule: ScheduleKind;
  warmupSteps: number;
  totalSteps: number;
  adamw: AdamWConfig;
  /** Global gradient-norm clipping; undefined = off. */
  maxGradNorm: number | undefined;
  seed: number;
  hiddenDropout: number;
  headDropout: number;
  threads: ThreadOptions;
  /** `shared`: frozen weights fed from one host copy to every session; `initializer`: embedded in each. */
  frozenWeights: 'shared' | 'initializer';
  /** Directory for external weight files when a graph exceeds 2 GB of initializers. */
  externalDir: string | undefined;
  /** Skip building the eval graph (benchmarks). */
  trainOnly: boolean;
}

export const ENGINE_DEFAULTS: EngineConfig = {
  batchSize: 8,
  evalBatchSize: undefined,
  seqLen: 32,
  learningRate: 1e-3,
  schedule: 'linear',
  warmupSteps: 0,
  totalSteps: 100,
  adamw: ADAMW_DEFAULTS,
  maxGradNorm: 1,
  seed: 0,
  hiddenDropout: 0,
  headDropout: 0,
  threads: {},
  frozenWeights: 'shared',
  externalDir: undefined,
  trainOnly: false,
};

/** One batch as the data layer hands it over (row-major [B, S]). */
export interface Batch {
  inputIds: BigInt64Array;
  attentionMask: Float32Array;
  /** [B, S] 1 on the tokens ReFT positions are counted in (a causal LM's prompt); default: attentionMask. */
  interventionMask?: Float32Array;
  tokenTypeIds?: BigInt64Array;
  /** [B] int64 classes, [B] float32 regression targets, or [B, S] int64 LM labels (-100 = ignored). */
  labels: BigInt64Array | Float32Array;
}

export interface StepResult {
  step: number;
  loss: number;
  gradNorm: number;
  learningRate: number;
}

interface BuiltGraph {
  ctx: ModelContext;
  model: EmittedModel;
  gradNames: string[];
  flops: GraphFlops;
}

export class Engine {
  private readonly optimizer: AdamW;
  private readonly params: TrainableParam[];
  private readonly masks = new Map<string, { site: DropoutSite; data: Float32Array }>();
  private readonly dropoutRng: Rng;
  private stepIndex = 0;
  /** Wall time spent in the training session and in clipping + AdamW, summed over `trainStep`s. */
  private readonly time = { steps: 0, runSeconds: 0, optimizerSeconds: 0 };

  private constructor(
    readonly arch: ArchConfig,
    readonly task: TaskSpec,
    readonly config: EngineConfig,
    private readonly train: { session: GraphSession; built: BuiltGraph },
    private readonly evalGraph: { session: GraphSession; built: BuiltGraph } | undefined,
    private readonly frozenFeeds: ReadonlyMap<string, Float32Array>,
  ) {
    this.params = [...train.built.ctx.params.values()];
    this.optimizer = new AdamW(this.params, config.adamw);
    this.dropoutRng = new Rng(config.seed).fork('dropout');
    for (const site of train.built.ctx.dropouts) {
      this.masks.set(site.input, { site, data: new Float32Array(site.shape.reduce((a, b) => a * b, 1)) });
    }
  }

  /** Builds, emits and opens the graphs. */
  static async create(model: EngineModel, task: TaskSpec, method: EngineMethod, overrides: Partial<EngineConfig> = {}): Promise<Engine> {
    const config = { ...ENGINE_DEFAULTS, ...overrides };
    validateConfig(model, task, config);
    const weights = normalizeWeightNames(model.weights);
    const train = buildGraph(model, weights, task, method, config, true);
    const trainSession = await GraphSession.create(train.model, config.threads);
    let evalPart: { session: GraphSession; built: BuiltGraph } | undefined;
    if (!config.trainOnly) {
      const built = buildGraph(model, weights, task, method, { ...config, batchSize: config.evalBatchSize ?? config.batchSize }, false);
      evalPart = { session: await GraphSession.create(built.model, config.threads), built };
    }
    const frozenFeeds = config.frozenWeights === 'shared' ? train.ctx.frozen : new Map<string, Float32Array>();
    return new Engine(model.arch, task, config, { session: trainSession, built: train }, evalPart, frozenFeeds);
  }

  /** Trainable parameters: name, element count and whether they belong to the task head. */
  parameters(): { name: string; count: number; head: boolean }[] {
    return this.params.map((p) => ({ name: p.name, count: p.value.length, head: p.head }));
  }

  /** MatMul FLOPs one training step executes (forward and backward, live nodes only). */
  stepFlops(): GraphFlops {
    return this.train.built.flops;
  }

  /** The method's fixed tensors (BuildContext.buffer), e.g. ReFT's `method.reft.layer<l>.<g>.rotate.base`. */
  buffers(): { name: string; count: number }[] {
    return [...this.train.built.ctx.buffers.values()].map((b) => ({ name: b.name, count: b.value.length }));
  }

  /** Live value of a method buffer, fed to every session each run (set it in place to load another value). */
  buffer(name: string): Float32Array | undefined {
    return this.train.built.ctx.buffers.get(name)?.value;
  }

  /** Current value of a trainable parameter (the live buffer; copy it to keep a snapshot). */
  parameter(name: string): Float32Array | undefined {
    return this.train.built.ctx.params.get(name)?.value;
  }

  /**
   * Loss and gradients of every trainable parameter on `batch` at the current parameters, without
   * updating anything (dropout masks are drawn as in a step). For parity and gradient checks.
   */
  async lossAndGradients(batch: Batch): Promise<{ loss: number; grads: Map<string, Float32Array> }> {
    const { loss, grads } = await this.runTrainGraph(batch);
    return { loss, grads: new Map(this.params.map((p, i) => [p.name, grads[i]!])) };
  }

  /** One optimizer step on `batch`. */
  async trainStep(batch: Batch): Promise<StepResult> {
    const t0 = performance.now();
    const { loss, grads } = await this.runTrainGraph(batch);
    const t1 = performance.now();
    if (!Number.isFinite(loss)) throw new UserError(msg.nonFiniteLoss(this.stepIndex));
    const lr = learningRate(
      { kind: this.config.schedule, peakLr: this.config.learningRate, warmupSteps: this.config.warmupSteps, totalSteps: this.config.totalSteps },
      this.stepIndex,
    );
    const gradNorm = this.optimizer.clipAndStep(grads, lr, this.config.maxGradNorm);
    this.train.built.ctx.method.afterStep?.(this.train.built.ctx.params);
    this.time.steps++;
    this.time.runSeconds += (t1 - t0) / 1000;
    this.time.optimizerSeconds += (performance.now() - t1) / 1000;
    this.stepIndex++;
    return { step: this.stepIndex, loss, gradNorm, learningRate: lr };
  }

  /** Runs the training graph on `batch` (dropout masks drawn): loss and the gradients in parameter order. */
  private async runTrainGraph(batch: Batch): Promise<{ loss: number; grads: Float32Array[] }> {
    const feeds = this.feeds(batch, this.train.built);
    for (const [input, { site, data }] of this.masks) {
      fillDropoutMask(data, site.p, this.dropoutRng);
      feeds.set(input, data);
    }
    const out = await this.train.session.run(feeds);
    const grads = this.train.built.gradNames.map((name) => out.get(name) as Float32Array);
    return { loss: Number(out.get('loss')![0]), grads };
  }

  /** Forward pass of the eval graph (no dropout, no backward): loss and logits. */
  async evaluate(batch: Batch): Promise<{ loss: number; logits: Float32Array }> {
    if (!this.evalGraph) throw new Error('this engine was created with trainOnly');
    const out = await this.evalGraph.session.run(this.feeds(batch, this.evalGraph.built));
    return { loss: Number(out.get('loss')![0]), logits: out.get('logits') as Float32Array };
  }

  /** Where `trainStep` time went so far: the training session (feeds, run, outputs) vs clipping + AdamW, in seconds. */
  stepTimings(): { steps: number; runSeconds: number; optimizerSeconds: number } {
    return { ...this.time };
  }

  /** Flushes the training session's onnxruntime profile (when `threads.profilePrefix` was set). */
  endProfiling(): void {
    this.train.session.endProfiling();
  }

  async release(): Promise<void> {
    await this.train.session.release();
    await this.evalGraph?.session.release();
  }

  private feeds(batch: Batch, built: BuiltGraph): Map<string, HostData> {
    const B = built.ctx.batch;
    const S = this.config.seqLen;
    const check = (field: string, got: number, want: number): void => {
      if (got !== want) throw new UserError(msg.batchShape(field, got, want));
    };
    check('inputIds', batch.inputIds.length, B * S);
    check('attentionMask', batch.attentionMask.length, B * S);
    check('labels', batch.labels.length, this.task.kind === 'causal-lm' ? B * S : B);
    if (this.task.kind === 'classification') {
      for (const l of batch.labels) {
        if (Number(l) < 0 || Number(l) >= this.task.numLabels) throw new UserError(msg.labelOutOfRange(Number(l), this.task.numLabels));
      }
    }
    const feeds = new Map<string, HostData>([
      ['b:input_ids', batch.inputIds],
      ['b:attention_mask', batch.attentionMask],
      ['b:labels', batch.labels],
    ]);
    if (built.ctx.g.inputs().some((v) => v.source.kind === 'input' && v.source.name === 'b:token_type_ids')) {
      feeds.set('b:token_type_ids', batch.tokenTypeIds ?? new BigInt64Array(B * S));
    }
    if (built.ctx.g.inputs().some((v) => v.source.kind === 'input' && v.source.name === 'b:intervention_mask')) {
      if (batch.interventionMask) check('interventionMask', batch.interventionMask.length, B * S);
      feeds.set('b:intervention_mask', batch.interventionMask ?? batch.attentionMask);
    }
    for (const p of this.params) feeds.set(`p:${p.name}`, p.value);
    for (const b of this.train.built.ctx.buffers.values()) feeds.set(`s:${b.name}`, b.value);
    for (const [name, data] of this.frozenFeeds) feeds.set(name, data);
    return feeds;
  }
}

function validateConfig(model: EngineModel, task: TaskSpec, config: EngineConfig): void {
  const { arch } = model;
  if (arch.modelType !== 'bert' && arch.modelType !== 'roberta' && arch.modelType !== 'llama') throw new UserError(msg.unsupportedModel(model.source, arch.modelType));
  const wantFamily = task.kind === 'causal-lm' ? 'decoder' : 'encoder';
  if (arch.family !== wantFamily) throw new UserError(msg.taskFamily(model.source, task.kind, arch.family));
  if (config.seqLen + arch.positionOffset > arch.maxPositions) throw new UserError(msg.seqTooLong(model.source, config.seqLen, arch.maxPositions - arch.positionOffset));
  const positive: [string, number][] = [['batchSize', config.batchSize], ['seqLen', config.seqLen], ['totalSteps', config.totalSteps]];
  if (config.evalBatchSize !== undefined) positive.push(['evalBatchSize', config.evalBatchSize]);
  for (const [name, value] of positive) if (!Number.isInteger(value) || value < 1) throw new UserError(msg.badSetting(name, value, 'a positive integer'));
  if (!(config.learningRate > 0)) throw new UserError(msg.badSetting('learningRate', config.learningRate, 'a positive number'));
  for (const [name, p] of [['hiddenDropout', config.hiddenDropout], ['headDropout', config.headDropout]] as const) {
    if (!(p >= 0 && p < 1)) throw new UserError(msg.badSetting(name, p, 'a probability in [0, 1)'));
  }
  if (task.kind === 'causal-lm' && config.seqLen < 2) throw new UserError(msg.badSetting('seqLen', config.seqLen, 'at least 2 for a causal LM'));
  if (task.kind === 'classification' && !(Number.isInteger(task.numLabels) && task.numLabels >= 2)) throw new UserError(msg.badSetting('numLabels', task.numLabels, 'an integer ≥ 2'));
}

/** Builds one graph (training: with backward and dropout) and emits it. */
function buildGraph(model: EngineModel, weights: TensorMap, task: TaskSpec, method: EngineMethod, config: EngineConfig, training: boolean): BuiltGraph {
  const g = new Graph();
  const mask = g.input('b:attention_mask', 'float32', [config.batchSize, config.seqLen], 'batch');
  const ctx = new ModelContext(g, training, config.batchSize, config.seqLen, mask, weights, model.source, method, new Rng(config.seed).fork('init'));
  const outputs = task.kind === 'causal-lm'
    ? buildDecoder(ctx, model.arch, config.hiddenDropout)
    : buildEncoder(ctx, model.arch, task, { hiddenDropout: config.hiddenDropout, headDropout: config.headDropout });
  const frozenData = config.frozenWeights === 'initializer' ? ctx.frozen : undefined;
  const emitBase = { name: training ? 'train' : 'eval', externalDir: config.externalDir, ...(frozenData ? { frozenData } : {}) };
  if (!training) {
    return {
      ctx,
      gradNames: [],
      flops: matmulFlops(g, [outputs.loss, outputs.logits]),
      model: emitModel(g, { ...emitBase, outputs: [['loss', outputs.loss], ['logits', outputs.logits]] }),
    };
  }
  const params = [...ctx.params.values()];
  const grads = gradients(g, outputs.loss, params.map((p) => p.tensor));
  const gradOutputs: [string, Tensor][] = params.map((p) => [`grad:${p.name}`, grads.get(p.tensor.id)!]);
  return {
    ctx,
    gradNames: gradOutputs.map(([name]) => name),
    flops: matmulFlops(g, [outputs.loss, ...gradOutputs.map(([, t]) => t)]),
    model: emitModel(g, { ...emitBase, outputs: [['loss', outputs.loss], ...gradOutputs] }),
  };
}
