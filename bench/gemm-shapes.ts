/**
 * `node --import tsx bench/gemm-shapes.ts [--rounds 5] [--reps 5] [--threads 2]` — the GEMMs of one
 * BERT-base layer's training step (batch 32 × 128 tokens: forward, input gradient and weight
 * gradient of the attention projections and both FFN matrices), each timed alone on onnxruntime's
 * CPU GEMM (a one-node Gemm graph, inputs fed like the engine's trainable weights) and on PyTorch's
 * (`torch.matmul`, bench/gemm_shapes_torch.py in `.venv`), in alternating rounds. It prints per
 * shape the median milliseconds of each, and per round the layer's total (each shape weighted by
 * how often a layer runs it) with the ratio onnxruntime / PyTorch. GEMMs are about 86% of the
 * engine's full fine-tuning step (docs/measurements/engine-cpu-2026-11-26-b.md), so this ratio
 * bounds how close that step can come to PyTorch's with the same FLOPs. A benchmark, not a test.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { GraphSession } from '../src/backends/ort/exec/session.ts';
import { Graph } from '../src/backends/ort/graph/graph.ts';
import * as op from '../src/backends/ort/graph/ops.ts';
import { emitModel } from '../src/backends/ort/onnx/emit.ts';
import { Rng } from '../src/backends/ort/train/prng.ts';
import { REPO_ROOT } from '../src/repo-root.ts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '5' }, reps: { type: 'string', default: '5' }, threads: { type: 'string', default: '2' } } });
const [ROUNDS, REPS, THREADS] = [args.rounds, args.reps, args.threads].map(Number) as [number, number, number];

const T = 32 * 128;
interface Shape {
  name: string;
  a: [number, number];
  b: [number, number];
  transA: boolean;
  transB: boolean;
  /** How many times one layer's training step runs this product (Q, K, V and output projections count 4). */
  perLayer: number;
}
// A linear layer y = x·Wᵀ (W stored [out, in]) runs x·Wᵀ forward, dy·W for the input gradient and dyᵀ·x for the weight gradient.
const SHAPES: Shape[] = [
  { name: 'attention x·Wᵀ', a: [T, 768], b: [768, 768], transA: false, transB: true, perLayer: 4 },
  { name: 'attention dy·W', a: [T, 768], b: [768, 768], transA: false, transB: false, perLayer: 4 },
  { name: 'attention dyᵀ·x', a: [T, 768], b: [T, 768], transA: true, transB: false, perLayer: 4 },
  { name: 'FFN up x·Wᵀ', a: [T, 768], b: [3072, 768], transA: false, transB: true, perLayer: 1 },
  { name: 'FFN up dy·W', a: [T, 3072], b: [3072, 768], transA: false, transB: false, perLayer: 1 },
  { name: 'FFN up dyᵀ·x', a: [T, 3072], b: [T, 768], transA: true, transB: false, perLayer: 1 },
  { name: 'FFN down x·Wᵀ', a: [T, 3072], b: [768, 3072], transA: false, transB: true, perLayer: 1 },
  { name: 'FFN down dy·W', a: [T, 768], b: [768, 3072], transA: false, transB: false, perLayer: 1 },
  { name: 'FFN down dyᵀ·x', a: [T, 768], b: [T, 3072], transA: true, transB: false, perLayer: 1 },
];

const flops = (s: Shape) => 2 * (s.transA ? s.a[1] : s.a[0]) * (s.transA ? s.a[0] : s.a[1]) * (s.transB ? s.b[0] : s.b[1]);

async function ortRound(): Promise<Record<string, number>> {
  const rng = new Rng(3);
  const out: Record<string, number> = {};
  for (const s of SHAPES) {
    const g = new Graph();
    const a = g.input('a', 'float32', s.a, 'batch');
    const b = g.input('b', 'float32', s.b, 'batch');
    // A scalar output, so the copy of a large product back to JavaScript is not timed.
    const y = op.reduceSum(g, op.gemm(g, a, b, s.transA, s.transB), [0, 1], false);
    const session = await GraphSession.create(emitModel(g, { outputs: [['y', y]] }), { intraOpThreads: THREADS, spinning: false });
    const feeds = new Map([['a', rng.normalArray(s.a[0] * s.a[1])], ['b', rng.normalArray(s.b[0] * s.b[1])]]);
    for (let i = 0; i < 2; i++) await session.run(feeds);
    const t0 = performance.now();
    for (let i = 0; i < REPS; i++) await session.run(feeds);
    out[s.name] = (performance.now() - t0) / REPS;
    await session.release();
  }
  return out;
}

function torchRound(python: string): Record<string, number> {
  const text = execFileSync(python, [join(REPO_ROOT, 'bench', 'gemm_shapes_torch.py'), JSON.stringify(SHAPES), String(THREADS), String(REPS)], { encoding: 'utf8' });
  return JSON.parse(text) as Record<string, number>;
}

const python = process.env.REFTBENCH_TORCH_PYTHON ?? join(REPO_ROOT, '.venv', 'bin', 'python');
const withTorch = existsSync(python);
if (!withTorch) console.log('PyTorch side skipped: .venv/bin/python not found (npm run setup:torch creates it)');
const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
const layerMs = (r: Record<string, number>) => SHAPES.reduce((sum, s) => sum + s.perLayer * r[s.name]!, 0);
const ort: Record<string, number>[] = [];
const torch: Record<string, number>[] = [];
console.log(`GEMMs of one BERT-base layer's training step at ${T} tokens, ${THREADS} threads; ${ROUNDS} alternating rounds of ${REPS} timed repetitions`);
for (let r = 0; r < ROUNDS; r++) {
  ort.push(await ortRound());
  if (withTorch) torch.push(torchRound(python));
  const line = `round ${r + 1}: onnxruntime ${layerMs(ort[r]!).toFixed(0)} ms per layer`;
  console.log(withTorch ? `${line}, PyTorch ${layerMs(torch[r]!).toFixed(0)} ms, ratio ${(layerMs(ort[r]!) / layerMs(torch[r]!)).toFixed(2)}` : line);
}
console.log('median per shape (ms, GFLOP/s):');
for (const s of SHAPES) {
  const o = median(ort.map((r) => r[s.name]!));
  const cell = (ms: number) => `${ms.toFixed(1).padStart(7)} ms ${((flops(s) / ms) / 1e6).toFixed(0).padStart(4)} GFLOP/s`;
  console.log(`  ${s.name.padEnd(16)} ×${s.perLayer}  onnxruntime ${cell(o)}${withTorch ? `   PyTorch ${cell(median(torch.map((r) => r[s.name]!)))}` : ''}`);
}
if (withTorch) {
  const ratios = ort.map((r, i) => layerMs(r) / layerMs(torch[i]!));
  console.log(`ratio onnxruntime / PyTorch per layer: median ${median(ratios).toFixed(2)} (rounds: ${ratios.map((x) => x.toFixed(2)).join(', ')})`);
}
