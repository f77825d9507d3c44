/**
 * Method rows of `npm run bench:engine` (also runnable alone): on the BERT-base shape (12 layers,
 * 768 hidden, random weights) at batch × sequence (default 32 × 128), the training-step time of
 * LoReFT (r = 1 and r = 8, on all layers and on the top 4) and LoRA (r = 8 on query and value of
 * every layer), next to full fine-tuning as the reference, and the ratio of each step time to the
 * FLOPs model's prediction (src/plan/flops.ts with the method's own cost from src/methods):
 *
 *   ratio = (t_method / t_full) / (F_method / F_full)
 *
 * where F is the FLOPs model's FLOPs per step: 1 means the engine realises exactly the saving the
 * model predicts, above 1 that the method costs more time than its FLOPs say. Each case runs in its
 * own child process. Keep runs short: the machine is shared (default 2 timed steps after 1 warm-up).
 *
 *   node --import tsx bench/engine-methods.ts [--batch 32] [--seq 128] [--steps 2] [--threads N] [--layers 12]
 */
import { execFileSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Engine, type Batch, type EngineModel } from '../src/backends/ort/engine.ts';
import { Rng } from '../src/backends/ort/train/prng.ts';
import { parseHfConfig } from '../src/models/hf-config.ts';
import { generateTinyModel } from '../src/models/tiny.ts';
import { methods } from '../src/methods/registry.ts';
import { ortEngine } from '../src/backends/ort/method-table.ts';
import { resolveHparams, type ConfigValue } from '../src/methods/resolve-hparams.ts';
import { flopsPerStep } from '../src/plan/flops.ts';
import type { MethodKind } from '../src/types/run-spec.ts';

export interface MethodBenchOptions {
  batch: number;
  seq: number;
  steps: number;
  threads: number;
  layers: number;
}

interface MethodCase {
  name: string;
  kind: MethodKind;
  config: Partial<Record<string, ConfigValue>>;
}

export const METHOD_CASES: readonly MethodCase[] = [
  { name: 'full fine-tuning (reference)', kind: 'full', config: {} },
  { name: 'LoReFT r=1, all layers', kind: 'loreft', config: { rank: 1, layers: 'all', positions: 'f1+l1' } },
  { name: 'LoReFT r=1, top 4 layers', kind: 'loreft', config: { rank: 1, layers: 'top4', positions: 'f1+l1' } },
  { name: 'LoReFT r=8, all layers', kind: 'loreft', config: { rank: 8, layers: 'all', positions: 'f1+l1' } },
  { name: 'LoReFT r=8, top 4 layers', kind: 'loreft', config: { rank: 8, layers: 'top4', positions: 'f1+l1' } },
  { name: 'LoRA r=8, query+value, all layers', kind: 'lora', config: { rank: 8, alpha: 16, targets: 'query,value', layers: 'all' } },
];

interface MethodResult {
  name: string;
  stepSeconds: number;
  /** FLOPs model's FLOPs per step. */
  modelFlops: number;
  /** MatMul FLOPs the emitted graph executes per step. */
  graphFlops: number;
  trainable: number;
}

function bertBase(layers: number): EngineModel {
  const contents = generateTinyModel('bert', 0, {
    vocabSize: 30522, hiddenSize: 768, numLayers: layers, numHeads: 12, numKvHeads: 12,
    intermediateSize: 3072, maxPositions: 512, typeVocabSize: 2, normEps: 1e-12,
  });
  return { arch: parseHfConfig(contents.config, 'config.json'), weights: contents.tensors, source: 'bench:bert-base-shape' };
}

async function runMethodCase(c: MethodCase, o: MethodBenchOptions): Promise<MethodResult> {
  const model = bertBase(o.layers);
  const def = methods[c.kind];
  const resolved = resolveHparams(def, c.config, model.arch);
  if (!resolved.ok) throw new Error(`${c.name}: ${JSON.stringify(resolved.problem)}`);
  const h = resolved.hparams;
  const engine = await Engine.create(model, { kind: 'classification', numLabels: 2 }, ortEngine(c.kind, h, model.arch), {
    batchSize: o.batch, seqLen: o.seq, learningRate: 1e-4, totalSteps: 100, threads: { intraOpThreads: o.threads, spinning: true }, trainOnly: true,
  });
  const rng = new Rng(1);
  const data: Batch = {
    inputIds: BigInt64Array.from({ length: o.batch * o.seq }, () => BigInt(rng.int(30522))),
    attentionMask: new Float32Array(o.batch * o.seq).fill(1),
    labels: BigInt64Array.from({ length: o.batch }, () => BigInt(rng.int(2))),
  };
  await engine.trainStep(data);
  const t0 = performance.now();
  for (let s = 0; s < o.steps; s++) await engine.trainStep(data);
  const stepSeconds = (performance.now() - t0) / 1000 / o.steps;
  const graph = engine.stepFlops();
  const trainable = engine.parameters().filter((p) => !p.head && !p.name.startsWith('pooler.')).reduce((n, p) => n + p.count, 0);
  await engine.release();
  const modelFlops = flopsPerStep(model.arch, 'classification', 2, def.cost(h, model.arch, { seqLen: o.seq }), o.batch, o.seq);
  return { name: c.name, stepSeconds, modelFlops, graphFlops: graph.forward + graph.backward, trainable };
}

function child(index: number, o: MethodBenchOptions): MethodResult {
  const self = fileURLToPath(import.meta.url);
  const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--case', String(index), '--batch', String(o.batch), '--seq', String(o.seq), '--steps', String(o.steps), '--threads', String(o.threads), '--layers', String(o.layers)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as MethodResult;
}

/** Runs every method case (one child process each) and prints the rows. */
export function printMethodRows(o: MethodBenchOptions): void {
  console.log(`method rows: BERT-base shape (${o.layers} layers), batch ${o.batch} × seq ${o.seq}, ${o.threads} threads, ${o.steps} timed steps`);
  const results = METHOD_CASES.map((_, i) => child(i, o));
  const full = results[0]!;
  for (const r of results) {
    const ratio = r.stepSeconds / full.stepSeconds / (r.modelFlops / full.modelFlops);
    console.log(
      `${r.name.padEnd(36)} step ${r.stepSeconds.toFixed(3)} s  FLOPs model ${(r.modelFlops / 1e9).toFixed(0)} GFLOP/step ` +
      `(graph MatMuls ${(r.graphFlops / 1e9).toFixed(0)})  ${(r.modelFlops / r.stepSeconds / 1e9).toFixed(0)} model-GFLOP/s  ` +
      `time/prediction ratio ${ratio.toFixed(2)}  trainable ${r.trainable}`,
    );
  }
  const reftTop4 = results.find((r) => r.name === 'LoReFT r=8, top 4 layers')!;
  const lora = results.find((r) => r.name.startsWith('LoRA'))!;
  const cheaper = reftTop4.stepSeconds < 0.9 * lora.stepSeconds;
  console.log(`LoReFT (r=8, top 4) vs LoRA (r=8, q+v, all layers): ${reftTop4.stepSeconds.toFixed(3)} s vs ${lora.stepSeconds.toFixed(3)} s per step = ${(reftTop4.stepSeconds / lora.stepSeconds).toFixed(2)}× — ${cheaper ? 'measurably cheaper' : 'NOT measurably cheaper'}`);
}

const isMain = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const { values: args } = parseArgs({
    options: {
      batch: { type: 'string', default: '32' },
      seq: { type: 'string', default: '128' },
      steps: { type: 'string', default: '2' },
      threads: { type: 'string', default: String(availableParallelism()) },
      layers: { type: 'string', default: '12' },
      case: { type: 'string' },
    },
  });
  const o: MethodBenchOptions = { batch: Number(args.batch), seq: Number(args.seq), steps: Number(args.steps), threads: Number(args.threads), layers: Number(args.layers) };
  if (args.case !== undefined) process.stdout.write(`${JSON.stringify(await runMethodCase(METHOD_CASES[Number(args.case)]!, o))}\n`);
  else printMethodRows(o);
}
