/**
 * The `ort` backend: adapts one RunSpec and its tokenized split folders to the engine API
 * (src/backends/ort/engine.ts), with each method kind's engine rewrite from the method table
 * (`MethodDef.engine`). It trains the batches of the runner's batch schedule, in order, each padded
 * to its longest example rounded up to a multiple of 16 (at most maxLength: the engine keeps one
 * graph and session per shape), takes exactly the scheduled steps — or, under a seconds rule, stops
 * at the first step boundary past the budget, its lr schedule following the elapsed fraction of the
 * budget (training.lrClock) — and predicts every dev (and, for final runs, test)
 * example with the eval graph, in batches of the spec's evalBatchSize padded the same way.
 */
import { UserError } from '../../errors.ts';
import { engineMessages } from '../../messages/index.ts';
import { readTokenizedSplit, splitLengths, type TokenizedSplitData } from '../../data/tokenized-split.ts';
import { readFile } from 'node:fs/promises';
import { scheduleForSpec } from '../../data/batch-schedule.ts';
import { decodeSchedule } from '../../data/schedule-file.ts';
import { loadHfDir } from '../../models/hf-dir.ts';
import { baseModelParams } from '../../methods/arch-counts.ts';
import { ortEngine } from './method-table.ts';
import type { RunSpec } from '../../types/run-spec.ts';
import type { Backend, BackendRunOutput, BackendRunRequest, LmScores, PredictionValues } from '../backend.ts';
import { packageVersion } from '../engine-versions.ts';
import { loadGeneratedText } from '../generated-text.ts';
import { checkGenerationRoom, generationProblem, generationSplits } from '../generation-plan.ts';
import { Engine, type Batch, type EngineModel } from './engine.ts';
import { greedyGenerate } from './generate.ts';
import { IGNORE_LABEL } from './models/decoder.ts';
import { applyInitParams } from './init-params.ts';
import { engineDropout, ortSpecProblem } from './spec-options.ts';
import type { TaskSpec as EngineTask } from './models/task.ts';

export { ORT_BACKEND_VERSION } from '../engine-versions.ts';

function engineTask(spec: RunSpec): EngineTask {
  if (spec.task.type === 'classification') return { kind: 'classification', numLabels: spec.task.numLabels };
  if (spec.task.type === 'regression') return { kind: 'regression' };
  return { kind: 'causal-lm' };
}

/** Batches are padded to a multiple of this many tokens (few shapes, little padding). */
export const SEQ_BUCKET = 16;

/** The padded length of a batch whose longest example has `longest` tokens. */
export function bucketLength(longest: number, maxLength: number): number {
  return Math.min(maxLength, Math.max(SEQ_BUCKET, Math.ceil(longest / SEQ_BUCKET) * SEQ_BUCKET));
}

/**
 * How batches are padded: to their longest example rounded up to SEQ_BUCKET (the default), or to
 * the task's maxLength (ort-2's rule, kept for `bench/data-path.ts` to measure against).
 */
export type Padding = 'bucket' | 'maxLength';

/** The padded length of the examples `rows` of `split`. */
function paddedLengthOf(split: TokenizedSplitData, rows: readonly number[], maxLength: number, padding: Padding = 'bucket'): number {
  if (padding === 'maxLength') return maxLength;
  let longest = 1;
  for (const i of rows) longest = Math.max(longest, Math.min(lengthOf(split, i), maxLength));
  return bucketLength(longest, maxLength);
}

/** Tokens of example `i` (without padding). */
function lengthOf(split: TokenizedSplitData, i: number): number {
  return split.offsets[i + 1]! - split.offsets[i]!;
}

/** Pads examples `rows` of `split` into one engine batch of `batchSize` rows (missing rows repeat the first). */
export function buildBatch(split: TokenizedSplitData, rows: readonly number[], batchSize: number, seqLen: number, padTokenId: number, regression: boolean): Batch {
  const inputIds = new BigInt64Array(batchSize * seqLen).fill(BigInt(padTokenId));
  const attentionMask = new Float32Array(batchSize * seqLen);
  const tokenTypeIds = new BigInt64Array(batchSize * seqLen);
  const labels = regression ? new Float32Array(batchSize) : new BigInt64Array(batchSize);
  for (let b = 0; b < batchSize; b++) {
    const i = rows[b] ?? rows[0]!;
    const start = split.offsets[i]!;
    const n = Math.min(lengthOf(split, i), seqLen);
    for (let t = 0; t < n; t++) {
      inputIds[b * seqLen + t] = BigInt(split.ids[start + t]!);
      attentionMask[b * seqLen + t] = 1;
      if (split.typeIds) tokenTypeIds[b * seqLen + t] = BigInt(split.typeIds[start + t]!);
    }
    const label = split.labels?.[i] ?? 0;
    if (labels instanceof Float32Array) labels[b] = label;
    else labels[b] = BigInt(Math.trunc(label));
  }
  return { shape: { rows: batchSize, seqLen }, inputIds, attentionMask, tokenTypeIds, labels };
}

/**
 * Pads causal-LM examples `rows` of `split` into one engine batch: labels are the token ids at the
 * response positions (at or after the example's prompt length) and IGNORE_LABEL elsewhere, so the
 * loss covers the response only (the engine shifts: position t predicts label t+1). The
 * intervention mask marks the prompt tokens, where ReFT positions are counted (as pyreft does);
 * a split without prompt lengths counts them over the whole sequence, as the torch worker does.
 */
export function buildLmBatch(split: TokenizedSplitData, rows: readonly number[], batchSize: number, seqLen: number, padTokenId: number): Batch {
  const inputIds = new BigInt64Array(batchSize * seqLen).fill(BigInt(padTokenId));
  const attentionMask = new Float32Array(batchSize * seqLen);
  const interventionMask = split.promptLengths ? new Float32Array(batchSize * seqLen) : undefined;
  const labels = new BigInt64Array(batchSize * seqLen).fill(BigInt(IGNORE_LABEL));
  for (let b = 0; b < batchSize; b++) {
    const i = rows[b] ?? rows[0]!;
    const start = split.offsets[i]!;
    const n = Math.min(lengthOf(split, i), seqLen);
    const prompt = split.promptLengths?.[i] ?? 0;
    for (let t = 0; t < n; t++) {
      const id = BigInt(split.ids[start + t]!);
      inputIds[b * seqLen + t] = id;
      attentionMask[b * seqLen + t] = 1;
      if (t >= prompt) labels[b * seqLen + t] = id;
      else if (interventionMask) interventionMask[b * seqLen + t] = 1;
    }
  }
  return { shape: { rows: batchSize, seqLen }, inputIds, attentionMask, labels, ...(interventionMask ? { interventionMask } : {}) };
}

function argmaxRows(logits: Float32Array, rows: number, width: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let c = 1; c < width; c++) if (logits[r * width + c]! > logits[r * width + best]!) best = c;
    out.push(best);
  }
  return out;
}

function abortIfAsked(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason;
}

/** Predictions of every example of `split`, in order, from the eval graph. */
async function predictSplit(engine: Engine, split: TokenizedSplitData, spec: RunSpec, padTokenId: number, signal: AbortSignal, padding: Padding): Promise<PredictionValues> {
  const B = spec.training.evalBatchSize;
  const S = spec.task.maxLength;
  const regression = spec.task.type === 'regression';
  const out: number[] = [];
  for (let start = 0; start < split.meta.numExamples; start += B) {
    abortIfAsked(signal);
    const rows = Array.from({ length: Math.min(B, split.meta.numExamples - start) }, (_, k) => start + k);
    const { logits } = await engine.evaluate(buildBatch(split, rows, B, paddedLengthOf(split, rows, S, padding), padTokenId, regression));
    if (regression) for (let r = 0; r < rows.length; r++) out.push(logits[r]!);
    else out.push(...argmaxRows(logits, rows.length, spec.task.numLabels));
  }
  return out;
}

/**
 * Response-token losses of every example of a causal-LM split, in order, from the eval graph's
 * logits ([batch, seqLen, vocab]): position t−1 predicts token t for every response position t ≥ 1.
 */
async function scoreLmSplit(engine: Engine, split: TokenizedSplitData, spec: RunSpec, padTokenId: number, vocab: number, signal: AbortSignal, padding: Padding): Promise<LmScores> {
  const B = spec.training.evalBatchSize;
  const S = spec.task.maxLength;
  const out: LmScores = { nllSums: [], tokenCounts: [] };
  for (let start = 0; start < split.meta.numExamples; start += B) {
    abortIfAsked(signal);
    const rows = Array.from({ length: Math.min(B, split.meta.numExamples - start) }, (_, k) => start + k);
    const width = paddedLengthOf(split, rows, S, padding);
    const { logits } = await engine.evaluate(buildLmBatch(split, rows, B, width, padTokenId));
    rows.forEach((i, r) => {
      const offset = split.offsets[i]!;
      const n = Math.min(lengthOf(split, i), S);
      let nll = 0;
      let count = 0;
      for (let t = Math.max(1, split.promptLengths?.[i] ?? 0); t < n; t++) {
        const base = (r * width + t - 1) * vocab;
        let max = -Infinity;
        for (let v = 0; v < vocab; v++) max = Math.max(max, logits[base + v]!);
        let sum = 0;
        for (let v = 0; v < vocab; v++) sum += Math.exp(logits[base + v]! - max);
        nll += max + Math.log(sum) - logits[base + split.ids[offset + t]!]!;
        count++;
      }
      out.nllSums.push(nll);
      out.tokenCounts.push(count);
    });
  }
  return out;
}

/**
 * The seconds clock of the lr schedule (src/backends/ort/train/schedule.ts), when the spec asks for
 * it: over the same elapsed time that ends the run (from the start of training, each step's batch
 * building included), so the decay reaches 0 when the budget runs out.
 */
function secondsScheduleOf(spec: RunSpec): { budgetSeconds: number; warmupRatio: number } | undefined {
  const t = spec.training;
  if (t.lrClock !== 'seconds') return undefined;
  if (t.secondsBudget === undefined) throw new Error(`internal: run ${spec.runId} has lrClock "seconds" without a secondsBudget`);
  return { budgetSeconds: t.secondsBudget, warmupRatio: t.warmupRatio };
}

export class OrtBackend implements Backend {
  readonly name = 'ort' as const;
  private cached: { dir: string; model: EngineModel } | undefined;

  constructor(private readonly options: { padding?: Padding } = {}) {}

  /** Why this backend cannot run `spec`, or undefined when it can. */
  unsupported(spec: RunSpec): string | undefined {
    const ortProblem = ortSpecProblem(spec);
    if (ortProblem !== undefined) return ortProblem;
    return generationProblem(spec);
  }

  device(): string {
    return 'cpu';
  }

  libraries(): Record<string, string> {
    return { node: process.versions.node, 'onnxruntime-node': packageVersion('onnxruntime-node') };
  }

  private model(dir: string): EngineModel {
    if (this.cached?.dir !== dir) {
      const loaded = loadHfDir(dir);
      this.cached = { dir, model: { arch: loaded.arch, weights: loaded.weights, source: dir } };
    }
    return this.cached.model;
  }

  async run(request: BackendRunRequest): Promise<BackendRunOutput> {
    const { spec, signal } = request;
    const problem = this.unsupported(spec);
    if (problem !== undefined) throw new UserError(problem);
    if (spec.data === undefined) throw new Error(`run ${spec.runId} has no data folders`);
    const model = this.model(request.modelDir);
    const [train, dev, test] = await Promise.all([
      readTokenizedSplit(spec.data.train),
      readTokenizedSplit(spec.data.dev),
      spec.phase === 'final' && spec.data.test !== undefined ? readTokenizedSplit(spec.data.test) : Promise.resolve(undefined),
    ]);
    await checkGenerationRoom(spec, test === undefined ? { dev } : { dev, test });
    const t = spec.training;
    const method = ortEngine(spec.method.kind, spec.method.hparams, model.arch);
    const engine = await Engine.create(model, engineTask(spec), method, {
      batchSize: t.batchSize,
      evalBatchSize: t.evalBatchSize,
      seqLen: spec.task.maxLength,
      learningRate: t.lr,
      schedule: t.schedule,
      warmupSteps: Math.ceil(t.warmupRatio * t.steps), // transformers' rule (ceil), as the torch worker
      totalSteps: t.steps,
      secondsSchedule: secondsScheduleOf(spec),
      adamw: { beta1: t.optimizer.betas[0]!, beta2: t.optimizer.betas[1]!, eps: t.optimizer.eps, weightDecay: t.weightDecay },
      maxGradNorm: t.maxGradNorm > 0 ? t.maxGradNorm : undefined,
      seed: spec.seed,
      ...engineDropout(spec),
      threads: spec.backend.threads > 0 ? { intraOpThreads: spec.backend.threads } : {},
    });
    try {
      if (spec.initParams !== undefined) applyInitParams(engine, spec.initParams, spec.method.kind, spec.model.family);
      const params = { trainable: 0, head: 0, base: baseModelParams(model.arch) };
      for (const p of engine.parameters()) {
        // The pooler feeds only the classifier: counted with the head, as src/methods/arch-counts.ts does.
        if (p.head || p.name.startsWith('pooler.')) params.head += p.count;
        else params.trainable += p.count;
      }
      const padTokenId = model.arch.padTokenId;
      const regression = spec.task.type === 'regression';
      const lm = spec.task.type === 'causal_lm';
      const batchOf = (split: TokenizedSplitData, rows: readonly number[]): Batch => {
        const width = paddedLengthOf(split, rows, spec.task.maxLength, this.options.padding);
        return lm ? buildLmBatch(split, rows, rows.length, width, padTokenId) : buildBatch(split, rows, rows.length, width, padTokenId, regression);
      };
      const schedule = request.schedule?.steps
        ?? (spec.data.schedule !== undefined ? decodeSchedule(await readFile(spec.data.schedule)) : scheduleForSpec(spec, splitLengths(train, spec.task.maxLength)).steps);
      for (const rows of schedule) {
        for (const i of rows) if (!(Number.isInteger(i) && i >= 0 && i < train.meta.numExamples)) throw new Error(`internal: the batch schedule names example ${i} of a ${train.meta.numExamples}-example split`);
      }
      const lossCurve: { step: number; loss: number | null }[] = [];
      let steps = 0;
      let tokens = 0;
      let paddedTokens = 0;
      let graphFlops = 0;
      const started = performance.now();
      const planned = Math.min(t.steps, schedule.length);
      while (steps < planned) {
        abortIfAsked(signal);
        const rows = schedule[steps]!;
        const batch = batchOf(train, rows);
        try {
          const result = await engine.trainStep(batch, (performance.now() - started) / 1000);
          steps = result.step;
          lossCurve.push({ step: steps, loss: result.loss });
          request.onStep({ step: steps, totalSteps: planned, loss: result.loss });
        } catch (error) {
          if (error instanceof UserError && error.message === engineMessages.nonFiniteLoss(steps)) {
            lossCurve.push({ step: steps + 1, loss: null });
            request.onStep({ step: steps + 1, totalSteps: planned, loss: null });
            return { status: 'diverged', reason: `the training loss became NaN or infinite at step ${steps + 1}`, lossCurve, steps, tokens, paddedTokens, graphFlops, params, peakMemoryBytes: peakRss() };
          }
          throw error;
        }
        for (const i of rows) tokens += Math.min(lengthOf(train, i), spec.task.maxLength);
        paddedTokens += batch.shape!.rows * batch.shape!.seqLen;
        const flops = engine.stepFlops(batch.shape);
        graphFlops += flops.forward + flops.backward;
        if (t.secondsBudget !== undefined && (performance.now() - started) / 1000 >= t.secondsBudget) break;
      }
      const trainSeconds = (performance.now() - started) / 1000;
      const evalStarted = performance.now();
      const output: BackendRunOutput = { status: 'ok', lossCurve, steps, tokens, paddedTokens, graphFlops, trainSeconds, params, peakMemoryBytes: peakRss() };
      if (lm) {
        const want = generationSplits(spec);
        const text = want.dev || want.test ? await loadGeneratedText(request.modelDir) : undefined;
        const generate = async (split: TokenizedSplitData): Promise<string[]> => {
          const ids = await greedyGenerate(engine, split, {
            batchSize: t.evalBatchSize, seqLen: spec.task.maxLength, vocabSize: model.arch.vocabSize, padTokenId,
            maxNewTokens: spec.task.generation!.maxNewTokens, eosTokenIds: text!.eosTokenIds, signal,
          });
          return ids.map((g) => text!.text(g));
        };
        output.devLm = await scoreLmSplit(engine, dev, spec, padTokenId, model.arch.vocabSize, signal, this.options.padding ?? 'bucket');
        if (want.dev) output.devLm.generations = await generate(dev);
        if (test !== undefined) {
          output.testLm = await scoreLmSplit(engine, test, spec, padTokenId, model.arch.vocabSize, signal, this.options.padding ?? 'bucket');
          if (want.test) output.testLm.generations = await generate(test);
        }
      } else {
        output.devPredictions = await predictSplit(engine, dev, spec, padTokenId, signal, this.options.padding ?? 'bucket');
        if (test !== undefined) output.testPredictions = await predictSplit(engine, test, spec, padTokenId, signal, this.options.padding ?? 'bucket');
      }
      output.peakMemoryBytes = peakRss();
      output.evalSeconds = (performance.now() - evalStarted) / 1000;
      return output;
    } finally {
      await engine.release();
    }
  }

  async close(): Promise<void> {
    this.cached = undefined;
  }
}

/** Peak resident set size of this process, in bytes. */
function peakRss(): number {
  return process.resourceUsage().maxRSS * 1024;
}
