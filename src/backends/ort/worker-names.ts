/**
 * How a trainable parameter (or method buffer) of the `ort` engine is named and laid out in the
 * torch worker's safetensors files — the run spec's `initParams`, `--dump-init` and `--dump-grads`
 * (docs/parity.md):
 *
 * | ort engine | torch worker |
 * |---|---|
 * | `method.reft.layer<l>.<g>.rotate.original` [d, r] (X of R's Householder parametrization) | `reft.layers.<l>.<g>.rotate.original` [d, r] |
 * | `method.reft.layer<l>.<g>.rotate.base` [d, d] (its fixed base, an engine buffer) | `reft.layers.<l>.<g>.rotate.base` [d, d] |
 * | `method.reft.layer<l>.<g>.rotate` [r, d] (W₂ of noreft/nodireft; R rows if ever given directly) | `…proj.weight` [r, d], or `reft.layers.<l>.<g>.rotate` [d, r] (transposed) |
 * | `method.reft.layer<l>.<g>.source.{weight,bias}`, `….bias` | `reft.layers.<l>.<g>.source.{weight,bias}`, `….bias` |
 * | `method.lora.<module>.A` [r, in], `.B` [out, r] | `<module>.lora_A.weight`, `<module>.lora_B.weight` (decoders: `model.` before the module) |
 * | `classifier.dense.*`, `classifier.out_proj.*` (RoBERTa) | `head.dense.*`, `head.out.*` |
 * | `pooler.dense.*`, `classifier.*` (BERT) | `head.dense.*`, `head.out.*` |
 * | base weights (full, bitfit), decoder names without `model.` | transformers' names (`model.…` on decoders, `lm_head.weight`) |
 */

const ORTHONORMAL = new Set(['loreft', 'direft', 'consreft', 'lobireft']);

export type ModelFamily = 'encoder' | 'decoder';

export interface WorkerName {
  name: string;
  /** The worker stores this matrix transposed (R: [d, r] columns instead of [r, d] rows). */
  transposed: boolean;
}

/**
 * The worker's name for an ort parameter name, or undefined for a method parameter the worker
 * has no name for (methods whose parameters are not in the table above).
 */
export function workerNameOf(ortName: string, family: ModelFamily, kind: string): WorkerName | undefined {
  const reft = /^method\.reft\.layer(\d+)\.(\d+)\.(.+)$/.exec(ortName);
  if (reft) {
    const [, layer, group, rest] = reft;
    const prefix = `reft.layers.${layer}.${group}.`;
    if (rest === 'rotate') return ORTHONORMAL.has(kind) ? { name: `${prefix}rotate`, transposed: true } : { name: `${prefix}proj.weight`, transposed: false };
    return { name: prefix + rest, transposed: false };
  }
  const lora = /^method\.lora\.(.+)\.(A|B)$/.exec(ortName);
  if (lora) return { name: `${family === 'decoder' ? 'model.' : ''}${lora[1]}.lora_${lora[2]}.weight`, transposed: false };
  if (ortName.startsWith('method.')) return undefined;
  const head = /^classifier\.(dense|out_proj)\.(weight|bias)$/.exec(ortName);
  if (head) return { name: `head.${head[1] === 'dense' ? 'dense' : 'out'}.${head[2]}`, transposed: false };
  // BERT's pooler and classifier are the worker's head (its dense layer and its output layer).
  const bertHead = /^(pooler\.dense|classifier)\.(weight|bias)$/.exec(ortName);
  if (bertHead && family === 'encoder') return { name: `head.${bertHead[1] === 'classifier' ? 'out' : 'dense'}.${bertHead[2]}`, transposed: false };
  if (family === 'decoder' && ortName !== 'lm_head.weight') return { name: `model.${ortName}`, transposed: false };
  return { name: ortName, transposed: false };
}

/** `data` ([rows, cols] row-major) transposed to [cols, rows]. */
export function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j]!;
  return out;
}
