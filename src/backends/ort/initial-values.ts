/**
 * The ort engine's initial values of a run, written for the torch worker: every trainable parameter
 * (method, head, pooler) and every method buffer (ReFT's orthogonal base) as the engine seeds them,
 * in the worker's names and layouts (worker-names.ts), as a safetensors file the worker loads as the
 * run spec's `initParams`. With the suite's `backend.initialValues: "ort"` a run then starts from the
 * same values on the CPU and on a GPU, which the cross-backend tests rely on.
 */
import { writeFile } from 'node:fs/promises';
import { loadHfDir } from '../../models/hf-dir.ts';
import { encodeSafetensors, type TensorMap } from '../../models/safetensors.ts';
import type { RunSpec } from '../../types/run-spec.ts';
import { Engine } from './engine.ts';
import { ortEngine } from './method-table.ts';
import { transpose, workerNameOf } from './worker-names.ts';

/** Builds the run's engine (training graph only, not trained) and writes its initial values to `file`. */
export async function writeOrtInitialValues(spec: RunSpec, modelDir: string, file: string): Promise<void> {
  const loaded = loadHfDir(modelDir);
  const task = spec.task.type === 'classification' ? { kind: 'classification' as const, numLabels: spec.task.numLabels }
    : spec.task.type === 'regression' ? { kind: 'regression' as const } : { kind: 'causal-lm' as const };
  const engine = await Engine.create({ arch: loaded.arch, weights: loaded.weights, source: modelDir }, task, ortEngine(spec.method.kind, spec.method.hparams, loaded.arch), {
    batchSize: 1, seqLen: spec.task.maxLength, seed: spec.seed, totalSteps: Math.max(1, spec.training.steps), trainOnly: true, threads: { intraOpThreads: 1 },
  });
  try {
    const tensors: TensorMap = new Map();
    const family = spec.model.family;
    for (const p of [...engine.parameters(), ...engine.buffers()]) {
      const w = workerNameOf(p.name, family, spec.method.kind);
      if (w === undefined) throw new Error(`internal: ${spec.method.kind} parameter ${p.name} has no name in the torch worker`);
      const data = Float32Array.from(engine.parameter(p.name) ?? engine.buffer(p.name)!);
      const [rows, cols] = p.shape;
      tensors.set(w.name, w.transposed ? { shape: [cols!, rows!], data: transpose(data, rows!, cols!) } : { shape: p.shape, data });
    }
    await writeFile(file, encodeSafetensors(tensors, { format: 'pt' }));
  } finally {
    await engine.release();
  }
}
