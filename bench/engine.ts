/**
 * `npm run bench:engine` — a benchmark, not a test. For a BERT-base-shaped model (12 layers, 768
 * hidden, 12 heads, FFN 3072, vocab 30522, random weights) at batch × sequence (default 32 × 128)
 * it prints: the training-step time of full fine-tuning and of a frozen base with only the head
 * trained, the GFLOP/s the step achieves (MatMul FLOPs counted from the emitted graph), the
 * same-run peak of a plain MatMul of matching size, peak memory (RSS) of each case, and whether
 * the base weights are held once. When `.venv/bin/python` with torch (and transformers) exists,
 * PyTorch CPU eager is timed on the same shapes and thread count and the ratio printed.
 *
 * Each case runs in its own child process so its peak RSS is its own. Keep runs short: the
 * machine is shared (default 2 timed steps after 1 warm-up step).
 *
 *   node --import tsx bench/engine.ts [--batch 32] [--seq 128] [--steps 2] [--threads N] [--layers 12]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseHfConfig } from '../src/models/hf-config.ts';
import { generateTinyModel } from '../src/models/tiny.ts';
import { Engine, type Batch, type EngineModel } from '../src/backends/ort/engine.ts';
import { GraphSession } from '../src/backends/ort/exec/session.ts';
import { Graph } from '../src/backends/ort/graph/graph.ts';
import * as op from '../src/backends/ort/graph/ops.ts';
import { emitModel } from '../src/backends/ort/onnx/emit.ts';
import { fullFineTuning } from '../src/backends/ort/methods/full.ts';
import { linearProbe } from '../src/backends/ort/methods/linear-probe.ts';
import { Rng } from '../src/backends/ort/train/prng.ts';
import { printMethodRows } from './engine-methods.ts';

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
const B = Number(args.batch);
const S = Number(args.seq);
const STEPS = Number(args.steps);
const THREADS = Number(args.threads);
const LAYERS = Number(args.layers);
const HIDDEN = 768;
const FFN = 3072;

interface CaseResult {
  name: string;
  stepSeconds?: number;
  ortSeconds?: number;
  gflops?: number;
  flopsPerStep?: number;
  peakRssMiB: number;
  rssBeforeEngineMiB?: number;
  rssAfterEngineMiB?: number;
  weightsMiB?: number;
  trainable?: number;
  note?: string;
  /** PyTorch only: the head-only step. */
  headStepSeconds?: number;
}

const mib = (bytes: number): number => Math.round(bytes / 2 ** 20);
const peakRss = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

function bertBase(): EngineModel {
  const contents = generateTinyModel('bert', 0, {
    vocabSize: 30522, hiddenSize: HIDDEN, numLayers: LAYERS, numHeads: 12, numKvHeads: 12,
    intermediateSize: FFN, maxPositions: 512, typeVocabSize: 2, normEps: 1e-12,
  });
  return { arch: parseHfConfig(contents.config, 'config.json'), weights: contents.tensors, source: 'bench:bert-base-shape' };
}

function batch(): Batch {
  const rng = new Rng(1);
  return {
    inputIds: BigInt64Array.from({ length: B * S }, () => BigInt(rng.int(30522))),
    attentionMask: new Float32Array(B * S).fill(1),
    labels: BigInt64Array.from({ length: B }, () => BigInt(rng.int(2))),
  };
}

/**
 * Plain MatMul peak at the model's sizes: [B·S, 768] × [768, 3072] × [3072, 768], chained 4 times
 * in one graph (weights as initializers, so ORT may prepack them) with a scalar output, so the
 * figure is the products alone and not the copy of a large output back to JavaScript.
 */
async function matmulPeak(): Promise<CaseResult> {
  const g = new Graph();
  const x = g.input('x', 'float32', [B * S, HIDDEN], 'batch');
  const rng = new Rng(2);
  const frozenData = new Map<string, Float32Array>();
  let h = x;
  for (let r = 0; r < 4; r++) {
    const up = g.input(`up${r}`, 'float32', [HIDDEN, FFN], 'frozen');
    const down = g.input(`down${r}`, 'float32', [FFN, HIDDEN], 'frozen');
    frozenData.set(`up${r}`, rng.normalArray(HIDDEN * FFN, 1 / Math.sqrt(HIDDEN)));
    frozenData.set(`down${r}`, rng.normalArray(HIDDEN * FFN, 1 / Math.sqrt(FFN)));
    h = op.matmul(g, op.matmul(g, h, up), down);
  }
  const y = op.reduceSum(g, h, [0, 1], false);
  const session = await GraphSession.create(emitModel(g, { outputs: [['y', y]], frozenData }), { intraOpThreads: THREADS, spinning: true });
  const feeds = new Map([['x', rng.normalArray(B * S * HIDDEN)]]);
  await session.run(feeds);
  const reps = 3;
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) await session.run(feeds);
  const seconds = (performance.now() - t0) / 1000 / reps;
  const flops = 8 * 2 * B * S * HIDDEN * FFN;
  await session.release();
  return { name: 'matmul', gflops: flops / seconds / 1e9, peakRssMiB: peakRss(), note: `8 chained products ${B * S}x${HIDDEN}x${FFN} / ${B * S}x${FFN}x${HIDDEN}` };
}

async function trainCase(name: string, method: typeof fullFineTuning, frozen: 'shared' | 'initializer'): Promise<CaseResult> {
  const model = bertBase();
  const weightsBytes = [...model.weights.values()].reduce((n, t) => n + t.data.byteLength, 0);
  const rssBefore = process.memoryUsage().rss;
  const engine = await Engine.create(model, { kind: 'classification', numLabels: 2 }, method, {
    batchSize: B, seqLen: S, learningRate: 1e-5, totalSteps: 100, threads: { intraOpThreads: THREADS, spinning: true }, frozenWeights: frozen,
  });
  const rssAfter = process.memoryUsage().rss;
  const data = batch();
  await engine.trainStep(data);
  const t0 = performance.now();
  for (let s = 0; s < STEPS; s++) await engine.trainStep(data);
  const stepSeconds = (performance.now() - t0) / 1000 / STEPS;
  const t1 = performance.now();
  await engine.lossAndGradients(data);
  const ortSeconds = (performance.now() - t1) / 1000;
  const flops = engine.stepFlops();
  const total = flops.forward + flops.backward;
  const trainable = engine.parameters().reduce((n, p) => n + p.count, 0);
  await engine.release();
  return {
    name, stepSeconds, ortSeconds, gflops: total / stepSeconds / 1e9, flopsPerStep: total, trainable,
    peakRssMiB: peakRss(), rssBeforeEngineMiB: mib(rssBefore), rssAfterEngineMiB: mib(rssAfter), weightsMiB: mib(weightsBytes),
  };
}

async function runCase(name: string): Promise<CaseResult> {
  switch (name) {
    case 'matmul': return matmulPeak();
    case 'full': return trainCase('full fine-tuning', fullFineTuning, 'shared');
    case 'probe': return trainCase('head only (frozen base, shared weights)', linearProbe, 'shared');
    case 'probe-init': return trainCase('head only (frozen base as initializers)', linearProbe, 'initializer');
    default: throw new Error(`unknown case ${name}`);
  }
}

function child(name: string): CaseResult {
  // Re-run this same entry point (through tsx here, or a bundle of it elsewhere) for one case.
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, '--case', name, '--batch', String(B), '--seq', String(S), '--steps', String(STEPS), '--threads', String(THREADS), '--layers', String(LAYERS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as CaseResult;
}

function torchCase(): CaseResult | string {
  const python = process.env.REFTBENCH_TORCH_PYTHON ?? join('.venv', 'bin', 'python');
  if (!existsSync(python)) return 'skipped: .venv/bin/python not found (scripts/setup-torch.sh creates it)';
  try {
    const out = execFileSync(python, ['bench/engine_torch.py', '--batch', String(B), '--seq', String(S), '--steps', String(STEPS), '--threads', String(THREADS), '--layers', String(LAYERS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(out.trim().split('\n').at(-1)!) as CaseResult;
  } catch (error) {
    return `skipped: the PyTorch run failed (${String(error).split('\n')[0]})`;
  }
}

if (args.case) {
  process.stdout.write(`${JSON.stringify(await runCase(args.case))}\n`);
} else {
  console.log(`engine benchmark: BERT-base shape (${LAYERS} layers, ${HIDDEN} hidden), batch ${B} × seq ${S}, ${THREADS} threads, ${STEPS} timed steps`);
  const peak = child('matmul');
  console.log(`MatMul peak (same run): ${peak.gflops!.toFixed(0)} GFLOP/s  [${peak.note}]`);
  const results = ['full', 'probe', 'probe-init'].map(child);
  for (const r of results) {
    console.log(
      `${r.name.padEnd(42)} step ${r.stepSeconds!.toFixed(3)} s (ORT ${r.ortSeconds!.toFixed(3)} s)  ${(r.flopsPerStep! / 1e9).toFixed(0)} GFLOP/step  ` +
      `${r.gflops!.toFixed(0)} GFLOP/s = ${((100 * r.gflops!) / peak.gflops!).toFixed(0)}% of peak  trainable ${r.trainable}  ` +
      `RSS: weights ${r.weightsMiB} MiB, +${r.rssAfterEngineMiB! - r.rssBeforeEngineMiB!} MiB for sessions, peak ${r.peakRssMiB} MiB`,
    );
  }
  const [full, probe, probeInit] = results as [CaseResult, CaseResult, CaseResult];
  console.log(`target full FT ≥ 60% of MatMul peak: ${full.gflops! >= 0.6 * peak.gflops! ? 'met' : 'NOT met'} (${((100 * full.gflops!) / peak.gflops!).toFixed(0)}%)`);
  console.log(
    `base weights held once: train + eval sessions with shared weights add ${probe.rssAfterEngineMiB! - probe.rssBeforeEngineMiB!} MiB ` +
    `vs ${probeInit.rssAfterEngineMiB! - probeInit.rssBeforeEngineMiB!} MiB with per-session initializers (weights: ${probe.weightsMiB} MiB)`,
  );
  const torch = torchCase();
  if (typeof torch === 'string') console.log(`PyTorch CPU eager: ${torch}`);
  else {
    console.log(`PyTorch CPU eager: full FT step ${torch.stepSeconds!.toFixed(3)} s; ratio engine/torch = ${(full.stepSeconds! / torch.stepSeconds!).toFixed(2)} (≤ 1 means the engine is no slower)`);
    if (torch.headStepSeconds !== undefined) console.log(`PyTorch CPU eager: head-only step ${torch.headStepSeconds.toFixed(3)} s; ratio engine/torch = ${(probe.stepSeconds! / torch.headStepSeconds).toFixed(2)}`);
  }
  printMethodRows({ batch: B, seq: S, steps: STEPS, threads: THREADS, layers: LAYERS });
}
