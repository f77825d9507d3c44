/**
 * Runs one parity case on both engines and measures how far apart they are: the `ort` engine
 * in-process (Engine API) and the torch worker as a subprocess (`.venv/bin/python -m
 * reftbench_worker spec.json --dump-grads FILE`), from the same tiny model, token ids and initial
 * parameters. The initial parameters are the ort method's seeded initialisation (with every
 * all-zero tensor, e.g. LoRA's B, replaced by small seeded values so that every gradient at step 0
 * is non-trivial) plus its fixed buffers (ReFT's orthogonal base), written once as a safetensors
 * file in the worker's naming, read back into the ort engine, and passed to the worker as the run
 * spec's `initParams`.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Engine } from '../../src/backends/ort/engine.ts';
import { REPO_ROOT } from '../../src/repo-root.ts';
import { methodDef } from '../../src/methods/registry.ts';
import { ortEngine } from '../../src/backends/ort/method-table.ts';
import { resolveHparams, type ConfigValue } from '../../src/methods/resolve-hparams.ts';
import type { MethodKind } from '../../src/methods/method-def.ts';
import { decodeSafetensors, encodeSafetensors, type TensorMap } from '../../src/models/safetensors.ts';
import { PARITY_SETTINGS, parityBatch, parityRunSpec, writeParitySplit, type ParityFamily, type ParityModel } from './parity-fixture.ts';
import { transpose, workerName, type WorkerName } from './parity-names.ts';

const run = promisify(execFile);

export interface ParityCase {
  family: ParityFamily;
  kind: MethodKind;
  config: Partial<Record<string, ConfigValue>>;
  lr: number;
  /** Decoder only: a causal LM with prompts (response-only loss, ReFT positions in the prompt). */
  prompts?: boolean;
}

export interface ParityMeasure {
  ortLosses: number[];
  torchLosses: number[];
  /** max over steps of |loss_ort − loss_torch| / |loss_torch|. */
  maxLossRel: number;
  /** max over every gradient entry at step 0 of |g_ort − g_torch|. */
  maxGradAbs: number;
  /** The largest |g_torch| entry, for scale. */
  maxGradMagnitude: number;
  /** The parameter holding the largest gradient difference. */
  worstGrad: string;
  /** Trainable tensors compared. */
  tensors: number;
}

/** Shape of an ort parameter (ort layout), from the model's weights or the method's layout. */
function ortShape(name: string, count: number, model: ParityModel, rank: number): number[] {
  const d = model.arch.hiddenSize;
  const base = model.contents.tensors.get(name) ?? model.contents.tensors.get(`model.${name}`);
  if (base) return base.shape;
  if (name.endsWith('.rotate.original')) return [d, rank];
  if (name.endsWith('.rotate.base')) return [d, d];
  if (/\.(rotate|source\.weight)$/.test(name)) return [rank, d];
  if (/\.(source\.bias|bias)$/.test(name) && name.startsWith('method.reft.')) return [count];
  if (name.endsWith('.A')) return [rank, count / rank];
  if (name.endsWith('.B')) return [count / rank, rank];
  if (name === 'classifier.dense.weight') return [d, d];
  if (name === 'classifier.out_proj.weight') return [count / d, d];
  if (name.endsWith('.bias')) return [count];
  throw new Error(`parity: no shape known for ${name}`);
}

/** Small seeded values for an all-zero tensor (deterministic LCG, uniform in ±0.05). */
function seededSmall(length: number, salt: number): Float32Array {
  const out = new Float32Array(length);
  let state = (0x9e3779b9 ^ salt) >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 0.1;
  }
  return out;
}

/** Files of one case the worker reads and writes. */
export interface WorkerJob {
  specPath: string;
  gradsPath: string;
  eventsPath: string;
}

/** Runs every job's spec through the worker in one Python process (test/parity/run_worker_batch.py); returns their exit codes. */
export async function runWorkerJobs(python: string, jobs: readonly WorkerJob[]): Promise<number[]> {
  const env = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', OMP_NUM_THREADS: '1' };
  const args = [join(REPO_ROOT, 'test', 'parity', 'run_worker_batch.py'), ...jobs.flatMap((j) => [j.specPath, j.gradsPath, j.eventsPath])];
  try {
    const { stdout } = await run(python, args, { env, maxBuffer: 64 << 20, timeout: 300_000 });
    return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as number[];
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`the torch worker failed: ${e.message}\n${(e.stderr ?? '').slice(-3000)}`);
  }
}

/** The events of a worker events file (JSON lines), as far as the parity tests read them. */
export function readWorkerEvents(eventsPath: string): { type: string; loss?: number | null; kind?: string; message?: string }[] {
  return readFileSync(eventsPath, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as { type: string });
}

/** Step losses from a worker events file. */
function stepLosses(eventsPath: string): number[] {
  return readWorkerEvents(eventsPath).filter((e) => e.type === 'step').map((e) => e.loss ?? Number.NaN);
}

/** What the ort side measured, and the job the worker must run, for one case. */
export interface PreparedCase {
  job: WorkerJob;
  ortLosses: number[];
  ortGrads: Map<string, Float32Array>;
  names: Map<string, WorkerName>;
}

/** The ort half of one case, plus the worker's spec and init file; `root` is a scratch folder, `model` the family's tiny model. */
export async function prepareCase(root: string, model: ParityModel, c: ParityCase): Promise<PreparedCase> {
  const s = PARITY_SETTINGS;
  const resolved = resolveHparams(methodDef(c.kind), c.config, model.arch);
  if (!resolved.ok) throw new Error(`parity: ${c.kind} hparams do not fit: ${JSON.stringify(resolved.problem)}`);
  const hparams = resolved.hparams;
  const rank = typeof hparams.rank === 'number' ? hparams.rank : 1;
  const engine = await Engine.create(
    { arch: model.arch, weights: model.contents.tensors, source: model.dir },
    c.family === 'decoder' ? { kind: 'causal-lm' } : { kind: 'classification', numLabels: 2 },
    ortEngine(c.kind, hparams, model.arch),
    {
      batchSize: s.batchSize, seqLen: s.seqLen, learningRate: c.lr, schedule: 'linear', warmupSteps: Math.ceil(s.warmupRatio * s.steps), totalSteps: s.steps,
      adamw: { beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0 }, maxGradNorm: s.maxGradNorm, seed: s.seed, hiddenDropout: 0, headDropout: 0,
      threads: { intraOpThreads: 1 }, trainOnly: true,
    },
  );
  try {
    // 1. The initial values, in the worker's naming, written once: the trainable parameters and the
    //    method's fixed buffers (ReFT's orthogonal base), so both engines train the same tensors.
    const params = engine.parameters();
    const buffers = engine.buffers();
    const names = new Map(params.map((p) => [p.name, workerName(p.name, c.family, c.kind)]));
    const init: TensorMap = new Map();
    const valueOf = (name: string): Float32Array => engine.parameter(name) ?? engine.buffer(name)!;
    [...params, ...buffers].forEach((p, i) => {
      const value = valueOf(p.name);
      const data = value.every((v) => v === 0) ? seededSmall(value.length, i + 1) : Float32Array.from(value);
      const shape = ortShape(p.name, p.count, model, rank);
      const w = names.get(p.name) ?? workerName(p.name, c.family, c.kind);
      init.set(w.name, w.transposed ? { shape: [shape[1]!, shape[0]!], data: transpose(data, shape[0]!, shape[1]!) } : { shape, data });
    });
    const tag = `${c.family}-${c.kind}${c.prompts === true ? '-prompts' : ''}`;
    const initPath = join(root, `init-${tag}.safetensors`);
    writeFileSync(initPath, encodeSafetensors(init, { format: 'pt' }));

    // 2. The ort engine reads the same file back.
    const file = decodeSafetensors(readFileSync(initPath), initPath);
    for (const p of [...params, ...buffers]) {
      const w = workerName(p.name, c.family, c.kind);
      const t = file.tensors.get(w.name)!;
      valueOf(p.name).set(w.transposed ? transpose(t.data, t.shape[0]!, t.shape[1]!) : t.data);
    }

    // 3. Step-0 gradients and 20 steps on the ort engine.
    const batch = parityBatch(model.arch, c.family, c.prompts === true);
    const { grads } = await engine.lossAndGradients(batch);
    const ortGrads = new Map([...grads].map(([k, v]) => [k, Float32Array.from(v)]));
    const ortLosses: number[] = [];
    for (let i = 0; i < s.steps; i++) ortLosses.push((await engine.trainStep(batch)).loss);

    // 4. The torch worker on the same split, spec and initial values.
    const train = await writeParitySplit(join(root, c.kind), model.arch, c.family, 'train', c.prompts === true);
    const dev = await writeParitySplit(join(root, c.kind), model.arch, c.family, 'dev', c.prompts === true);
    const spec = parityRunSpec({ family: c.family, model, kind: c.kind, hparams, lr: c.lr, train, dev, initParams: initPath });
    const specPath = join(root, `spec-${tag}.json`);
    writeFileSync(specPath, JSON.stringify(spec, null, 2));
    const job = { specPath, gradsPath: join(root, `grads-${tag}.safetensors`), eventsPath: join(root, `events-${tag}.jsonl`) };
    return { job, ortLosses, ortGrads, names };
  } finally {
    await engine.release();
  }
}

/** Compares a prepared case with what the worker wrote for it. */
export function compareCase(prepared: PreparedCase): ParityMeasure {
  const s = PARITY_SETTINGS;
  const { ortLosses, ortGrads, names, job } = prepared;
  const torchLosses = stepLosses(job.eventsPath);
  const torchGrads = decodeSafetensors(readFileSync(job.gradsPath), job.gradsPath).tensors;
  // 5. Differences.
  let maxLossRel = 0;
  for (let i = 0; i < s.steps; i++) maxLossRel = Math.max(maxLossRel, Math.abs(ortLosses[i]! - (torchLosses[i] ?? Number.NaN)) / Math.abs(torchLosses[i] ?? Number.NaN));
  let maxGradAbs = 0;
  let maxGradMagnitude = 0;
  let worstGrad = '';
  for (const [ortName, w] of names) {
    const t = torchGrads.get(w.name);
    if (t === undefined) throw new Error(`parity: the worker dumped no gradient for ${w.name} (ort ${ortName})`);
    const torchData = w.transposed ? transpose(t.data, t.shape[0]!, t.shape[1]!) : t.data;
    const ortData = ortGrads.get(ortName)!;
    if (torchData.length !== ortData.length) throw new Error(`parity: ${ortName} has ${ortData.length} gradient entries on ort, ${torchData.length} on torch`);
    for (let k = 0; k < ortData.length; k++) {
      const diff = Math.abs(ortData[k]! - torchData[k]!);
      if (!(diff <= maxGradAbs)) {
        maxGradAbs = Number.isNaN(diff) ? Number.POSITIVE_INFINITY : diff;
        worstGrad = ortName;
      }
      maxGradMagnitude = Math.max(maxGradMagnitude, Math.abs(torchData[k]!));
    }
  }
  return { ortLosses, torchLosses, maxLossRel: Number.isNaN(maxLossRel) ? Number.POSITIVE_INFINITY : maxLossRel, maxGradAbs, maxGradMagnitude, worstGrad, tensors: names.size };
}
