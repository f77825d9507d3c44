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
 * machine is shared (default 2 timed steps after 2 warm-up steps). Two warm-up steps, because
 * onnxruntime plans its memory pattern during the first run and allocates that block in the second,
 * whose first-touch page faults (about 1 GB and 2.7 s of system time at 2 layers) would otherwise
 * land in the first timed step; PyTorch gets the same number of warm-up steps.
 *
 * Each training row also splits the step into the session run (feeds, forward + backward, outputs)
 * and clipping + AdamW, and gives the process CPU time per step (a shared machine inflates wall
 * time; CPU time shows how much of it was this process's own work).
 *
 *   node --import tsx bench/engine.ts [--batch 32] [--seq 128] [--steps 2] [--warmup 2] [--threads N] [--layers 12] [--adamw wasm|js]
 *                                     [--only matmul,full,probe,probe-init,torch,methods]
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
import { ADAMW_DEFAULTS } from '../src/backends/ort/train/adamw.ts';
import { Rng } from '../src/backends/ort/train/prng.ts';
import { printMethodRows } from './engine-methods.ts';

/** The rows `--only` can pick (default: all). */
const ROWS = ['matmul', 'full', 'probe', 'probe-init', 'torch', 'methods'] as const;

const { values: args } = parseArgs({
  options: {
    batch: { type: 'string', default: '32' },
    seq: { type: 'string', default: '128' },
    steps: { type: 'string', default: '2' },
    warmup: { type: 'string', default: '2' },
    threads: { type: 'string', default: String(availableParallelism()) },
    layers: { type: 'string', default: '12' },
    /** The AdamW update kernel of the engine rows (same results; the TypeScript loop for comparison). */
    adamw: { type: 'string', default: 'wasm' },
    case: { type: 'string' },
    only: { type: 'string', default: ROWS.join(',') },
  },
});
const only = new Set(args.only.split(',').map((r) => r.trim()).filter((r) => r !== ''));
for (const row of only) if (!(ROWS as readonly string[]).includes(row)) throw new Error(`--only: unknown row ${row} (rows: ${ROWS.join(', ')})`);
const B = Number(args.batch);
const S = Number(args.seq);
const STEPS = Number(args.steps);
const WARMUP = Number(args.warmup);
const THREADS = Number(args.threads);
const LAYERS = Number(args.layers);
if (args.adamw !== 'wasm' && args.adamw !== 'js') throw new Error(`--adamw: ${args.adamw} is not wasm or js`);
const ADAMW_KERNEL: 'wasm' | 'js' = args.adamw;
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
  /** Per timed step: the session run and clipping + AdamW (engine), forward + backward and clip + AdamW (PyTorch). */
  runSeconds?: number;
  optimizerSeconds?: number;
  /** Process CPU time (user + system) per timed step. */
  cpuSeconds?: number;
  /** Engine rows: wall time of each timed step. */
  stepSecondsEach?: number[];
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
    adamw: { ...ADAMW_DEFAULTS, kernel: ADAMW_KERNEL },
  });
  const rssAfter = process.memoryUsage().rss;
  const data = batch();
  for (let s = 0; s < WARMUP; s++) await engine.trainStep(data);
  const warm = engine.stepTimings();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const stepSecondsEach: number[] = [];
  for (let s = 0; s < STEPS; s++) {
    const ts = performance.now();
    await engine.trainStep(data);
    stepSecondsEach.push((performance.now() - ts) / 1000);
  }
  const stepSeconds = (performance.now() - t0) / 1000 / STEPS;
  const cpu = process.cpuUsage(cpu0);
  const timed = engine.stepTimings();
  const t1 = performance.now();
  await engine.lossAndGradients(data);
  const ortSeconds = (performance.now() - t1) / 1000;
  const flops = engine.stepFlops();
  const total = flops.forward + flops.backward;
  const trainable = engine.parameters().reduce((n, p) => n + p.count, 0);
  await engine.release();
  return {
    name, stepSeconds, stepSecondsEach, ortSeconds, gflops: total / stepSeconds / 1e9, flopsPerStep: total, trainable,
    runSeconds: (timed.runSeconds - warm.runSeconds) / STEPS, optimizerSeconds: (timed.optimizerSeconds - warm.optimizerSeconds) / STEPS,
    cpuSeconds: (cpu.user + cpu.system) / 1e6 / STEPS,
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
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1]!, '--case', name, '--only', '', '--batch', String(B), '--seq', String(S), '--steps', String(STEPS), '--warmup', String(WARMUP), '--threads', String(THREADS), '--layers', String(LAYERS), '--adamw', ADAMW_KERNEL], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split('\n').at(-1)!) as CaseResult;
}

function torchCase(): CaseResult | string {
  const python = process.env.REFTBENCH_TORCH_PYTHON ?? join('.venv', 'bin', 'python');
  if (!existsSync(python)) return 'skipped: .venv/bin/python not found (scripts/setup-torch.sh creates it)';
  try {
    const out = execFileSync(python, ['bench/engine_torch.py', '--batch', String(B), '--seq', String(S), '--steps', String(STEPS), '--warmup', String(WARMUP), '--threads', String(THREADS), '--layers', String(LAYERS)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(out.trim().split('\n').at(-1)!) as CaseResult;
  } catch (error) {
    return `skipped: the PyTorch run failed (${String(error).split('\n')[0]})`;
  }
}

/** One engine row: step time and its split, GFLOP/s, share of the MatMul peak, memory. */
function describe(r: CaseResult, peak: CaseResult | undefined): string {
  const share = peak ? ` = ${((100 * r.gflops!) / peak.gflops!).toFixed(0)}% of peak` : '';
  const each = r.stepSecondsEach ? ` [steps: ${r.stepSecondsEach.map((t) => t.toFixed(2)).join(', ')} s]` : '';
  return `${r.name.padEnd(42)} step ${r.stepSeconds!.toFixed(3)} s${each} (session ${r.runSeconds!.toFixed(3)} s + clip/AdamW ${r.optimizerSeconds!.toFixed(3)} s; CPU ${r.cpuSeconds!.toFixed(2)} s)  ` +
    `${(r.flopsPerStep! / 1e9).toFixed(0)} GFLOP/step  ${r.gflops!.toFixed(0)} GFLOP/s${share}  trainable ${r.trainable}  ` +
    `RSS: weights ${r.weightsMiB} MiB, +${r.rssAfterEngineMiB! - r.rssBeforeEngineMiB!} MiB for sessions, peak ${r.peakRssMiB} MiB`;
}

if (args.case) {
  process.stdout.write(`${JSON.stringify(await runCase(args.case))}\n`);
} else {
  console.log(`engine benchmark: BERT-base shape (${LAYERS} layers, ${HIDDEN} hidden), batch ${B} × seq ${S}, ${THREADS} threads, ${STEPS} timed steps after ${WARMUP} warm-up, AdamW kernel ${ADAMW_KERNEL}; rows: ${[...only].join(', ')}`);
  const peak = only.has('matmul') ? child('matmul') : undefined;
  if (peak) console.log(`MatMul peak (same run): ${peak.gflops!.toFixed(0)} GFLOP/s  [${peak.note}]`);
  const rows = new Map<string, CaseResult>();
  for (const name of ['full', 'probe', 'probe-init'] as const) {
    if (!only.has(name)) continue;
    const r = child(name);
    rows.set(name, r);
    console.log(describe(r, peak));
  }
  const full = rows.get('full');
  const probe = rows.get('probe');
  const probeInit = rows.get('probe-init');
  if (full && peak) console.log(`target full FT ≥ 60% of MatMul peak: ${full.gflops! >= 0.6 * peak.gflops! ? 'met' : 'NOT met'} (${((100 * full.gflops!) / peak.gflops!).toFixed(0)}%)`);
  if (probe && probeInit) {
    console.log(
      `base weights held once: train + eval sessions with shared weights add ${probe.rssAfterEngineMiB! - probe.rssBeforeEngineMiB!} MiB ` +
      `vs ${probeInit.rssAfterEngineMiB! - probeInit.rssBeforeEngineMiB!} MiB with per-session initializers (weights: ${probe.weightsMiB} MiB)`,
    );
  }
  if (only.has('torch')) {
    const torch = torchCase();
    if (typeof torch === 'string') console.log(`PyTorch CPU eager: ${torch}`);
    else {
      const split = torch.runSeconds !== undefined ? ` (forward + backward ${torch.runSeconds.toFixed(3)} s + clip/AdamW ${torch.optimizerSeconds!.toFixed(3)} s; CPU ${torch.cpuSeconds!.toFixed(2)} s)` : '';
      console.log(`PyTorch CPU eager: full FT step ${torch.stepSeconds!.toFixed(3)} s${split}, peak RSS ${torch.peakRssMiB} MiB`);
      if (full) console.log(`ratio engine/torch, full FT step = ${(full.stepSeconds! / torch.stepSeconds!).toFixed(2)} (≤ 1 means the engine is no slower)`);
      if (torch.headStepSeconds !== undefined) {
        console.log(`PyTorch CPU eager: head-only step ${torch.headStepSeconds.toFixed(3)} s${probe ? `; ratio engine/torch = ${(probe.stepSeconds! / torch.headStepSeconds).toFixed(2)}` : ''}`);
      }
    }
  }
  if (only.has('methods')) printMethodRows({ batch: B, seq: S, steps: STEPS, threads: THREADS, layers: LAYERS });
}
