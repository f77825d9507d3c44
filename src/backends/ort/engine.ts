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
import { learningRate, learningRateAtFraction, type ScheduleKind } from './train/schedule.ts';

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
  /**
   * Under a seconds rule (lrClock "seconds"): warmup and decay follow the elapsed fraction of this
   * budget — `trainStep`'s `elapsedSeconds` — instead of steps; warmupSteps and totalSteps are then unused.
   */
  secondsSchedule: { budgetSeconds: number; warmupRatio: number } | undefined;
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
  secondsSchedule: undefined,
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

/**
 * One batch as the data layer hands it over (row-major [B, S]). Its shape is the engine's
 * (batchSize or evalBatchSize, seqLen) unless `shape` names another: rows up to the configured batch
 * size and a sequence length up to seqLen. Each shape gets its own graphs and onnxruntime sessions
 * (built on first use and kept), so batches padded to their own length compute no padding of the
 * longest example; parameters, buffers and optimizer state are shared by all of them.
 */
export interface Batch {
  shape?: { rows: number; seqLen: number };
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

/** A graph of one batch shape, its session (opened on first use) and its dropout masks. */
interface ShapeGraph {
  rows: number;
  seqLen: number;
  built: BuiltGraph;
  session: GraphSession | undefined;
  masks: Map<string, { site: DropoutSite; data: Float32Array }>;
}

const shapeKey = (rows: number, seqLen: number): string => `${rows}x${seqLen}`;

export class Engine {
  private readonly optimizer: AdamW;
  private readonly params: TrainableParam[];
  private readonly dropoutRng: Rng;
  private readonly trainGraphs = new Map<string, ShapeGraph>();
  private readonly evalGraphs = new Map<string, ShapeGraph>();
  private readonly weights: TensorMap;
  private stepIndex = 0;
  /** Wall time spent in the training session and in clipping + AdamW, summed over `trainStep`s. */
  private readonly time = { steps: 0, runSeconds: 0, optimizerSeconds: 0 };

  private constructor(
    private readonly model: EngineModel,
    readonly task: TaskSpec,
    readonly config: EngineConfig,
    private readonly method: EngineMethod,
    private readonly train: ShapeGraph,
    private readonly frozenFeeds: ReadonlyMap<string, Float32Array>,
  ) {
    this.arch = model.arch;
    this.weights = normalizeWeightNames(model.weights);
    this.params = [...train.built.ctx.params.values()];
    this.optimizer = new AdamW(this.params, config.adamw);
    this.dropoutRng = new Rng(config.seed).fork('dropout');
    this.trainGraphs.set(shapeKey(train.rows, train.seqLen), train);
  }

  readonly arch: ArchConfig;

  /**
   * Builds and emits the training graph of the configured shape (the one that owns the trainable
   * parameters) and, unless trainOnly, opens its session and the eval graph's; other shapes are
   * built when a batch first asks for them.
   */
  static async create(model: EngineModel, task: TaskSpec, method: EngineMethod, overrides: Partial<EngineConfig> = {}): Promise<Engine> {
    const config = { ...ENGINE_DEFAULTS, ...overrides };
    validateConfig(model, task, config);
    const weights = normalizeWeightNames(model.weights);
    const built = buildGraph(model, weights, task, method, config, true);
    const train: ShapeGraph = { rows: config.batchSize, seqLen: config.seqLen, built, session: await GraphSession.create(built.model, config.threads), masks: masksOf(built) };
    const frozenFeeds = config.frozenWeights === 'shared' ? built.ctx.frozen : new Map<string, Float32Array>();
    const engine = new Engine(model, task, config, method, train, frozenFeeds);
    if (!config.trainOnly) await engine.evalGraphFor(config.evalBatchSize ?? config.batchSize, config.seqLen);
    return engine;
  }

  /** The graph of a shape, built (and its session opened) on first use. */
  private async graphFor(graphs: Map<string, ShapeGraph>, rows: number, seqLen: number, training: boolean): Promise<ShapeGraph> {
    const key = shapeKey(rows, seqLen);
    let graph = graphs.get(key);
    if (graph === undefined) {
      const limit = training ? this.config.batchSize : this.config.evalBatchSize ?? this.config.batchSize;
      if (!(rows >= 1 && rows <= limit && seqLen >= 1 && seqLen <= this.config.seqLen)) throw new UserError(msg.batchShape('shape', rows * seqLen, limit * this.config.seqLen));
      const built = buildGraph(this.model, this.weights, this.task, this.method, { ...this.config, batchSize: rows, seqLen }, training);
      // Every graph feeds the same parameters (this.params, by name); its own initial copies are dropped.
      const names = [...built.ctx.params.keys()];
      if (names.length !== this.params.length || names.some((n, i) => n !== this.params[i]!.name)) throw new Error('internal: graphs of two shapes declare different parameters');
      built.ctx.params.forEach((p, name) => {
        p.value = this.train.built.ctx.params.get(name)!.value;
      });
      graph = { rows, seqLen, built, session: undefined, masks: masksOf(built) };
      graphs.set(key, graph);
    }
    graph.session ??= await GraphSession.create(graph.built.model, this.config.threads);
    return graph;
  }

  private evalGraphFor(rows: number, seqLen: number): Promise<ShapeGraph> {
    if (this.config.trainOnly) throw new Error('this engine was created with trainOnly');
    return this.graphFor(this.evalGraphs, rows, seqLen, false);
  }

  /** The shape of a batch: its own, or the configured one. */
  private shapeOf(batch: Batch, training: boolean): { rows: number; seqLen: number } {
    return batch.shape ?? { rows: training ? this.config.batchSize : this.config.evalBatchSize ?? this.config.batchSize, seqLen: this.config.seqLen };
  }

  /** Trainable parameters: name, element count and whether they belong to the task head. */
  parameters(): { name: string; count: number; head: boolean; shape: number[] }[] {
    return this.params.map((p) => ({ name: p.name, count: p.value.length, head: p.head, shape: [...p.shape] }));
  }

  /** MatMul FLOPs one training step executes (forward and backward, live nodes only), at the configured shape or another one already used. */
  stepFlops(shape?: { rows: number; seqLen: number }): GraphFlops {
    if (shape === undefined) return this.train.built.flops;
    const graph = this.trainGraphs.get(shapeKey(shape.rows, shape.seqLen));
    if (graph === undefined) throw new Error(`internal: no training graph of shape ${shapeKey(shape.rows, shape.seqLen)} was built`);
    return graph.built.flops;
  }

  /** Shapes with a built graph (training and eval), e.g. ['train 32x16', 'eval 64x32']. */
  shapes(): string[] {
    return [...[...this.trainGraphs.keys()].map((k) => `train ${k}`), ...[...this.evalGraphs.keys()].map((k) => `eval ${k}`)];
  }

  /** The method's fixed tensors (BuildContext.buffer), e.g. ReFT's `method.reft.layer<l>.<g>.rotate.base`. */
  buffers(): { name: string; count: number; shape: number[] }[] {
    return [...this.train.built.ctx.buffers.values()].map((b) => ({ name: b.name, count: b.value.length, shape: [...b.shape] }));
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

  /** One optimizer step on `batch`; `elapsedSeconds` (training time before it) is needed under a secondsSchedule. */
  async trainStep(batch: Batch, elapsedSeconds?: number): Promise<StepResult> {
    const t0 = performance.now();
    const { loss, grads } = await this.runTrainGraph(batch);
    const t1 = performance.now();
    if (!Number.isFinite(loss)) throw new UserError(msg.nonFiniteLoss(this.stepIndex));
    const lr = this.learningRateNow(elapsedSeconds);
    const gradNorm = this.optimizer.clipAndStep(grads, lr, this.config.maxGradNorm);
    this.train.built.ctx.method.afterStep?.(this.train.built.ctx.params);
    this.time.steps++;
    this.time.runSeconds += (t1 - t0) / 1000;
    this.time.optimizerSeconds += (performance.now() - t1) / 1000;
    this.stepIndex++;
    return { step: this.stepIndex, loss, gradNorm, learningRate: lr };
  }

  /** The learning rate of the next step: from the step index, or from the elapsed fraction of a seconds budget. */
  private learningRateNow(elapsedSeconds: number | undefined): number {
    const { schedule: kind, learningRate: peakLr, secondsSchedule } = this.config;
    if (secondsSchedule === undefined) return learningRate({ kind, peakLr, warmupSteps: this.config.warmupSteps, totalSteps: this.config.totalSteps }, this.stepIndex);
    if (elapsedSeconds === undefined) throw new Error('internal: an engine with a seconds schedule needs the elapsed training time of every step');
    return learningRateAtFraction({ kind, peakLr, warmupRatio: secondsSchedule.warmupRatio }, elapsedSeconds / secondsSchedule.budgetSeconds);
  }

  /** Runs the training graph of the batch's shape (dropout masks drawn): loss and the gradients in parameter order. */
  private async runTrainGraph(batch: Batch): Promise<{ loss: number; grads: Float32Array[] }> {
    const shape = this.shapeOf(batch, true);
    const graph = await this.graphFor(this.trainGraphs, shape.rows, shape.seqLen, true);
    const feeds = this.feeds(batch, graph);
    for (const [input, { site, data }] of graph.masks) {
      fillDropoutMask(data, site.p, this.dropoutRng);
      feeds.set(input, data);
    }
    const out = await graph.session!.run(feeds);
    const grads = graph.built.gradNames.map((name) => out.get(name) as Float32Array);
    return { loss: Number(out.get('loss')![0]), grads };
  }

  /** Forward pass of the eval graph of the batch's shape (no dropout, no backward): loss and logits. */
  async evaluate(batch: Batch): Promise<{ loss: number; logits: Float32Array }> {
    const shape = this.shapeOf(batch, false);
    const graph = await this.evalGraphFor(shape.rows, shape.seqLen);
    const out = await graph.session!.run(this.feeds(batch, graph));
    return { loss: Number(out.get('loss')![0]), logits: out.get('logits') as Float32Array };
  }

  /** Where `trainStep` time went so far: the training session (feeds, run, outputs) vs clipping + AdamW, in seconds. */
  stepTimings(): { steps: number; runSeconds: number; optimizerSeconds: number } {
    return { ...this.time };
  }

  /** Flushes the training session's onnxruntime profile (when `threads.profilePrefix` was set). */
  endProfiling(): void {
    this.train.session?.endProfiling();
  }

  async release(): Promise<void> {
    for (const graph of [...this.trainGraphs.values(), ...this.evalGraphs.values()]) await graph.session?.release();
  }

  private feeds(batch: Batch, graph: ShapeGraph): Map<string, HostData> {
    const { built } = graph;
    const B = graph.rows;
    const S = graph.seqLen;
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

/** Fresh dropout mask buffers for every dropout site of a graph. */
function masksOf(built: BuiltGraph): Map<string, { site: DropoutSite; data: Float32Array }> {
  return new Map(built.ctx.dropouts.map((site) => [site.input, { site, data: new Float32Array(site.shape.reduce((a, b) => a * b, 1)) }]));
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
