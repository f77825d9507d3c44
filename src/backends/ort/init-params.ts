/**
 * The run spec's `initParams` on the `ort` backend: the initial trainable parameters (and method
 * buffers such as ReFT's orthogonal base) from a safetensors file in the torch worker's naming
 * (worker-names.ts), copied over the engine's seeded initialisation before the first step, so both
 * backends start a run from the same values. Every trainable parameter must be in the file;
 * buffers are taken when present.
 */
import { existsSync } from 'node:fs';
import { UserError } from '../../errors.ts';
import { torchMessages as msg } from '../../messages/torch.ts';
import { readSafetensors, type TensorF32 } from '../../models/safetensors.ts';
import type { Engine } from './engine.ts';
import { transpose, workerNameOf, type ModelFamily } from './worker-names.ts';

/** An engine tensor's values in ort layout from the file's tensor, checked for size. */
function ortLayout(path: string, fileName: string, tensor: TensorF32, transposed: boolean, want: number): Float32Array {
  if (tensor.data.length !== want) throw new UserError(msg.initParamsSize(path, fileName, tensor.data.length, want));
  return transposed ? transpose(tensor.data, tensor.shape[0]!, tensor.shape[1]!) : tensor.data;
}

/** Sets `engine`'s trainable parameters (and the buffers the file has) from the file at `path`. */
export function applyInitParams(engine: Engine, path: string, kind: string, family: ModelFamily): void {
  if (!existsSync(path)) throw new UserError(msg.initParamsNoFile(path));
  const file = readSafetensors(path);
  const updates: { target: Float32Array; values: Float32Array }[] = [];
  const missing: string[] = [];
  for (const p of engine.parameters()) {
    const w = workerNameOf(p.name, family, kind);
    if (w === undefined) throw new UserError(msg.initParamsUnnamed(kind, p.name));
    const tensor = file.tensors.get(w.name);
    if (tensor === undefined) missing.push(w.name);
    else updates.push({ target: engine.parameter(p.name)!, values: ortLayout(path, w.name, tensor, w.transposed, p.count) });
  }
  if (missing.length > 0) throw new UserError(msg.initParamsMissing(path, missing));
  for (const b of engine.buffers()) {
    const w = workerNameOf(b.name, family, kind);
    const tensor = w === undefined ? undefined : file.tensors.get(w.name);
    if (w !== undefined && tensor !== undefined) updates.push({ target: engine.buffer(b.name)!, values: ortLayout(path, w.name, tensor, w.transposed, b.count) });
  }
  // Nothing is changed until every tensor has been found and checked.
  for (const { target, values } of updates) target.set(values);
}
