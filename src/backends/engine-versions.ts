/**
 * The engine version of each backend, known without opening the backend: the planner hashes it into
 * every run id (src/plan/run-id.ts) and each backend reports the same string in its results, so a
 * result of another engine version is never reused. Bump a backend's version when it changes how
 * runs are trained or evaluated (the math, the data a run sees, what is scored). Changes that only
 * reorder float32 arithmetic do not bump it: fusing softmax, layer norm and GELU into single
 * onnxruntime kernels (2026-11-26) moved losses in their low-order digits only (every finite-
 * difference and ort↔torch parity tolerance still holds), and reruns stay bit-identical to each other.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { RunSpec } from '../types/run-spec.ts';
import type { MethodKind } from '../methods/method-def.ts';
import type { BackendName } from './backend.ts';

/**
 * The `ort` adapter's own version, per kind of task, so a change that touches only one kind of task
 * does not throw away the results of the others. Classification and regression: 2 (evaluates in
 * evalBatchSize batches). Causal LM: 3 (ReFT intervenes on prompt positions only, as pyreft does;
 * test answers are generated for exact_match); 4 (answers end at config.json's end-of-sequence
 * tokens too, first_choice is case-sensitive and last_number allows LLM-Adapters' 0.001, so exact
 * match scores differ from ort-3's). Then both (classification and regression 3, causal LM 5): the
 * runner's batch schedule (HF's keep-the-short-last-batch by default, where ort filled every batch
 * from the next epoch) and batches padded to their own bucketed length instead of maxLength.
 */
export const ORT_BACKEND_VERSION = 'ort-3';
export const ORT_LM_BACKEND_VERSION = 'ort-5';

/**
 * `ort` fixes that change only the runs of some method kinds (those whose graphs hold the fixed
 * operation), appended to their engine version so that only their results are rerun.
 * - `full`, the only kind that trains embedding tables: the gradient of an embedding lookup was a
 *   ScatterND with reduction add, which onnxruntime splits over threads and which then loses
 *   concurrent additions to rows sharing an index (with 2 threads at BERT-base width, position
 *   embedding gradients up to 26% off, different every run); it is now a ScatterElements, summed
 *   sequentially and exactly (2026-11-26).
 */
export const ORT_METHOD_FIXES: Partial<Record<MethodKind, string>> = { full: 'embedding-grad-2' };
/**
 * The torch adapter's own version, per kind of task as for ort (2: base-model dropout comes from
 * the run spec instead of the model's config.json; causal-LM tasks are scored by per-example NLL
 * sums and generation). Causal LM: 3, for the same answer-scoring changes as ort-4. Then 3 and 4: the
 * runner's batch schedule (read from spec.data.schedule) instead of the worker's own torch.randperm
 * order, and BERT-family poolers start from the checkpoint's weights, as on ort.
 */
export const TORCH_BACKEND_VERSION = 'torch-3';
export const TORCH_LM_BACKEND_VERSION = 'torch-4';

/** Installed version of an npm package ('unknown' when it cannot be found). */
export function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 4; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // not this folder: go up
      }
      dir = dirname(dir);
    }
  } catch {
    // not installed
  }
  return 'unknown';
}

const known = new Map<string, string>();

/**
 * The engine version of backend `name` for a task of `taskType` trained by a method of `kind`
 * (`ort-2+onnxruntime-node@1.30.0`, `ort-2+embedding-grad-2+onnxruntime-node@1.30.0` for full
 * fine-tuning, `torch-2`, `torch-3` for a causal LM): hashed into run ids and recorded in results.
 */
export function engineVersionOf(name: BackendName, taskType: RunSpec['task']['type'], kind: MethodKind): string {
  const key = `${name}/${taskType}/${kind}`;
  let version = known.get(key);
  if (version === undefined) {
    const lm = taskType === 'causal_lm';
    const ort = [lm ? ORT_LM_BACKEND_VERSION : ORT_BACKEND_VERSION, ORT_METHOD_FIXES[kind]].filter((v) => v !== undefined).join('+');
    version = name === 'ort' ? `${ort}+onnxruntime-node@${packageVersion('onnxruntime-node')}` : lm ? TORCH_LM_BACKEND_VERSION : TORCH_BACKEND_VERSION;
    known.set(key, version);
  }
  return version;
}
