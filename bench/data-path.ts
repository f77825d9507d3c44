/**
 * `npm run bench:data-path` — a benchmark, not a test. The data path on real SST-2 rows
 * (all-MiniLM-L6-v2, needs `npm run setup:models` and REFTBENCH_DATA_DIR): the same LoRA and LoReFT
 * runs (same batch schedule, same steps) on
 *   - `ort` with every batch padded to maxLength (ort-2's rule),
 *   - `ort` with batches padded to their own length rounded up to 16 (today's default),
 *   - the torch worker (transformers + peft, and the worker's pyreft-equivalent ReFT), which pads
 *     each batch to its longest example, when .venv/ exists,
 * alternating run by run, and prints per method: real (unpadded) training tokens per second, the
 * training step time, the evaluation time of the dev split, and the ratios side by side, for the
 * first round (each new batch shape then costs an onnxruntime session) and as the median of the
 * later rounds. A fourth row trains with `groupByLength` (batches of similar length: its own
 * schedule over the same examples), the suite setting that pads least. Figures from one invocation
 * are comparable; the host's speed drifts between invocations.
 *
 *   npm run bench:data-path -- [--max-length 128] [--batch 32] [--steps 8] [--rounds 3] [--dev 256] [--threads 2]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Backend, BackendRunOutput } from '../src/backends/backend.ts';
import { OrtBackend, type Padding } from '../src/backends/ort/backend.ts';
import { hasTorchEnv } from '../src/backends/registry.ts';
import { scheduleForSpec } from '../src/data/batch-schedule.ts';
import { resolveDataLocations } from '../src/data/locations.ts';
import { buildPlan } from '../src/plan/build-plan.ts';
import { prepareInputs, preparedKey, trainLengthsOf } from '../src/run/prepare-inputs.ts';
import { loadSuite } from '../src/suite/load-suite.ts';
import type { RunSpec } from '../src/types/run-spec.ts';

const { values } = parseArgs({
  options: {
    'max-length': { type: 'string', default: '128' },
    batch: { type: 'string', default: '32' },
    steps: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    dev: { type: 'string', default: '256' },
    threads: { type: 'string', default: '2' },
  },
});
const maxLength = Number(values['max-length']);
const batch = Number(values.batch);
const steps = Number(values.steps);
const rounds = Number(values.rounds);
const threads = Number(values.threads);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const minilm = join(root, '.cache', 'models', 'all-MiniLM-L6-v2');
if (!process.env.REFTBENCH_DATA_DIR) {
  process.stderr.write('bench:data-path needs the GLUE files: set REFTBENCH_DATA_DIR (e.g. ../shared/data).\n');
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'reftbench-data-path-'));
const suiteFile = join(work, 'data-path.json');
writeFileSync(suiteFile, JSON.stringify({
  $schema: join(root, 'schemas', 'suite.schema.json'),
  name: 'data-path-bench',
  models: [{ id: 'minilm', source: minilm, family: 'encoder', dtype: 'float32', preset: 'all-MiniLM-L6-v2' }],
  tasks: [{
    id: 'sst2', source: 'glue/sst2', type: 'classification', numLabels: 2, maxLength, metrics: [{ name: 'accuracy', direction: 'max' }],
    split: { train: { of: 'train', limit: 4000 }, dev: { of: 'train', size: Number(values.dev), seed: 42 }, test: { of: 'validation' } },
    examples: { train: 67349, validation: 872 },
  }],
  methods: [
    { id: 'lora', kind: 'lora', search: { rank: 8, alpha: 16, targets: 'query,value', lr: 0.001 } },
    { id: 'loreft', kind: 'loreft', search: { rank: 4, layers: 'all', positions: 'f1+l1', lr: 0.001 } },
  ],
  training: { batchSize: batch, evalBatchSize: batch, schedule: 'linear', warmupRatio: 0 },
  budget: { compute: { rule: 'steps', amount: steps } },
  tuning: { strategy: 'grid', trials: 1, seed: 0, select: { split: 'dev' } },
  seeds: [1],
  backend: { prefer: 'ort', threads, deterministic: true },
}));

interface Row { label: string; trainSeconds: number[]; evalSeconds: number[]; tokens: number; padded?: number }

try {
  const loaded = loadSuite(suiteFile, root);
  const inputs = await prepareInputs(loaded, resolveDataLocations(process.env, root, undefined), work, () => true);
  const task = inputs.tasks.get(preparedKey('minilm', 'sst2'))!;
  const lengths = task.train.lengths;
  const mean = lengths.reduce((a, b) => a + b, 0) / lengths.length;
  process.stdout.write(`SST-2 train: ${lengths.length} examples, ${mean.toFixed(1)} tokens on average (max ${Math.max(...lengths)}), maxLength ${maxLength}, batch ${batch}, ${steps} steps, dev ${values.dev} examples, ${threads} threads, ${rounds} rounds\n\n`);
  const plan = buildPlan(loaded, { backend: 'ort', trainLengths: trainLengthsOf(inputs) });
  const torch = hasTorchEnv(root) ? new (await import('../src/backends/torch-backend.ts')).TorchBackend() : undefined;
  if (torch === undefined) process.stdout.write('(no .venv/: the torch rows are left out; npm run setup:torch adds them)\n\n');
  for (const group of plan.groups) {
    const spec: RunSpec = { ...structuredClone(group.trials[0]!.spec), data: { train: task.train.dir, dev: task.dev.dir } };
    const schedules = new Map<RunSpec, ReturnType<typeof scheduleForSpec>>();
    const scheduleOf = (s: RunSpec) => schedules.get(s) ?? schedules.set(s, scheduleForSpec(s, lengths)).get(s)!;
    // The suite option that pads least: batches of similar length (its own schedule, the same examples per epoch).
    const grouped: RunSpec = { ...spec, training: { ...spec.training, groupByLength: true } };
    const backends: [string, Backend, RunSpec][] = [
      ['ort, padded to maxLength', new OrtBackend({ padding: 'maxLength' as Padding }), spec],
      ['ort, padded to its bucket', new OrtBackend(), spec],
      ['ort, bucket + groupByLength', new OrtBackend(), grouped],
      ...(torch === undefined ? [] : [['torch worker, padded to its longest', torch, { ...spec, backend: { ...spec.backend, name: 'torch', device: 'cpu' } }] as [string, Backend, RunSpec]]),
    ];
    const rows: Row[] = backends.map(([label]) => ({ label, trainSeconds: [], evalSeconds: [], tokens: 0 }));
    for (let r = 0; r < rounds; r++) {
      for (const [i, [, backend, runSpec]] of backends.entries()) {
        const out: BackendRunOutput = await backend.run({ spec: runSpec, schedule: scheduleOf(runSpec), modelDir: minilm, signal: new AbortController().signal, onStep: () => {} });
        const row = rows[i]!;
        row.trainSeconds.push(out.trainSeconds ?? NaN);
        row.evalSeconds.push(out.evalSeconds ?? NaN);
        row.tokens = out.tokens;
        if (out.paddedTokens !== undefined) row.padded = out.paddedTokens;
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    process.stdout.write(`${group.methodId} (${group.kind}), ${rows[0]!.tokens} real training tokens over ${steps} steps (length-grouped: ${rows[2]!.tokens}):\n`);
    const phases: [string, (xs: number[]) => number][] = [['first run', (xs) => xs[0]!], ...(rounds > 1 ? [['later runs', (xs: number[]) => median(xs.slice(1))] as [string, (xs: number[]) => number]] : [])];
    for (const [phase, pick] of phases) {
      const base = rows[0]!;
      for (const row of rows) {
        const train = pick(row.trainSeconds);
        const evalS = pick(row.evalSeconds);
        const padding = row.padded === undefined ? '' : `, ${(100 * (1 - row.tokens / row.padded)).toFixed(0)}% padding`;
        process.stdout.write(
          `  ${phase} ${row.label.padEnd(36)} ${(row.tokens / train).toFixed(0).padStart(6)} real tokens/s  ${(1000 * train / steps).toFixed(0).padStart(5)} ms/step  eval ${evalS.toFixed(2).padStart(6)} s` +
          `  (×${((row.tokens / train) / (base.tokens / pick(base.trainSeconds))).toFixed(2)} real tokens/s, ×${(pick(base.evalSeconds) / evalS).toFixed(2)} eval speed vs maxLength${padding})\n`,
        );
      }
      if (rows[3] !== undefined) {
        const ort = rows[1]!;
        const t = rows[3];
        process.stdout.write(`  ${phase} ort (bucketed) vs torch on the same batches: ${(pick(t.trainSeconds) / pick(ort.trainSeconds)).toFixed(2)}× the torch worker's training speed, ${(pick(t.evalSeconds) / pick(ort.evalSeconds)).toFixed(2)}× its evaluation speed (above 1: ort faster)\n`);
      }
    }
    process.stdout.write('\n');
  }
  await torch?.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
