/**
 * `node --import tsx bench/engine-profile.ts` — where one training-session run of full fine-tuning
 * goes, op type by op type: a BERT-base-width model (hidden 768, 12 heads, FFN 3072; default 2
 * layers) at batch 32 × sequence 128 runs two warm-up steps and one profiled step with onnxruntime's
 * profiler (`threads.profilePrefix`; the second run still allocates onnxruntime's memory-pattern block,
 * whose first-touch page faults slow whichever kernels write into it, so the third run is the steady
 * state); the kernel times of the profiled run are summed per op type and
 * per module scope (backward nodes are scoped `grad:<forward scope>`, e.g. `grad:layer0/ffn`).
 * A benchmark aid, not a test; keep it short on a shared machine.
 *
 *   node --import tsx bench/engine-profile.ts [--layers 2] [--batch 32] [--seq 128] [--threads 2] [--top 10]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseHfConfig } from '../src/models/hf-config.ts';
import { generateTinyModel } from '../src/models/tiny.ts';
import { Engine, type Batch } from '../src/backends/ort/engine.ts';
import { fullFineTuning } from '../src/backends/ort/methods/full.ts';
import { Rng } from '../src/backends/ort/train/prng.ts';

const { values: args } = parseArgs({
  options: {
    layers: { type: 'string', default: '2' },
    batch: { type: 'string', default: '32' },
    seq: { type: 'string', default: '128' },
    threads: { type: 'string', default: '2' },
    top: { type: 'string', default: '10' },
  },
});
const [LAYERS, B, S, THREADS, TOP] = [args.layers, args.batch, args.seq, args.threads, args.top].map(Number) as [number, number, number, number, number];

/** One event of onnxruntime's Chrome-trace profile (the fields used here). */
interface TraceEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
  args?: { op_name?: string };
}

const contents = generateTinyModel('bert', 0, {
  vocabSize: 30522, hiddenSize: 768, numLayers: LAYERS, numHeads: 12, numKvHeads: 12,
  intermediateSize: 3072, maxPositions: 512, typeVocabSize: 2, normEps: 1e-12,
});
const dir = mkdtempSync(join(tmpdir(), 'engine-profile-'));
const engine = await Engine.create({ arch: parseHfConfig(contents.config, 'config.json'), weights: contents.tensors, source: 'bench:bert-base-width' },
  { kind: 'classification', numLabels: 2 }, fullFineTuning,
  { batchSize: B, seqLen: S, learningRate: 1e-5, totalSteps: 10, trainOnly: true, threads: { intraOpThreads: THREADS, spinning: false, profilePrefix: join(dir, 'train') } });
const rng = new Rng(1);
const batch: Batch = {
  inputIds: BigInt64Array.from({ length: B * S }, () => BigInt(rng.int(30522))),
  attentionMask: new Float32Array(B * S).fill(1),
  labels: BigInt64Array.from({ length: B }, () => BigInt(rng.int(2))),
};
const losses: number[] = [];
for (let s = 0; s < 3; s++) losses.push((await engine.trainStep(batch)).loss);
engine.endProfiling();
const timings = engine.stepTimings();
await engine.release();

const { readdirSync } = await import('node:fs');
const file = readdirSync(dir).find((f) => f.endsWith('.json'));
if (!file) throw new Error(`no profile written under ${dir}`);
const events = JSON.parse(readFileSync(join(dir, file), 'utf8')) as TraceEvent[];
rmSync(dir, { recursive: true, force: true });
// The last model run is the profiled step; its node kernels lie inside its time span.
const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run');
const last = runs.at(-1);
if (!last) throw new Error('the profile has no model_run event');
const kernels = events.filter((e) => e.cat === 'Node' && e.name.endsWith('_kernel_time') && e.ts >= last.ts && e.ts <= last.ts + last.dur);
const sumBy = (key: (e: TraceEvent) => string): [string, { ms: number; count: number }][] => {
  const totals = new Map<string, { ms: number; count: number }>();
  for (const e of kernels) {
    const k = key(e);
    const t = totals.get(k) ?? { ms: 0, count: 0 };
    t.ms += e.dur / 1000;
    t.count++;
    totals.set(k, t);
  }
  return [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
};
const total = kernels.reduce((n, e) => n + e.dur / 1000, 0);
console.log(`profile of one full-FT training-session run: ${LAYERS} layers at BERT-base width, batch ${B} × seq ${S}, ${THREADS} threads (spinning off)`);
console.log(`model_run ${(last.dur / 1000).toFixed(0)} ms, node kernels ${total.toFixed(0)} ms in ${kernels.length} nodes; losses ${losses.map((l) => l.toFixed(6)).join(', ')}; ` +
  `clip + AdamW ${(timings.optimizerSeconds / timings.steps * 1000).toFixed(0)} ms/step`);
console.log(`top ${TOP} op types by kernel time:`);
for (const [name, t] of sumBy((e) => e.args?.op_name ?? '?').slice(0, TOP)) {
  console.log(`  ${name.padEnd(34)} ${t.ms.toFixed(1).padStart(8)} ms  ${((100 * t.ms) / total).toFixed(1).padStart(5)}%  ${String(t.count).padStart(4)} nodes`);
}
// Scope = node name before '#n' (emit.ts names nodes `<scope>#n<index>`), layer numbers folded together.
const scopeOf = (e: TraceEvent): string => e.name.replace(/_kernel_time$/, '').replace(/#n\d+.*$/, '').replace(/layer\d+/, 'layer*');
console.log('by scope and op type (all layers together):');
for (const [name, t] of sumBy((e) => `${scopeOf(e)} ${e.args?.op_name ?? '?'}`).slice(0, 2 * TOP)) {
  console.log(`  ${name.padEnd(34)} ${t.ms.toFixed(1).padStart(8)} ms  ${((100 * t.ms) / total).toFixed(1).padStart(5)}%  ${String(t.count).padStart(4)} nodes`);
}
