/**
 * The six ReFT interventions as graph functions, with pyreft's math (pyreft/interventions.py and
 * the torch worker's interventions.py). h is [..., d]; R, W, W₁, W₂ are [r, d] (R with orthonormal
 * rows, computed from its parametrization by householder.ts), b is [r]. Each returns Φ(h) before dropout.
 *
 *   loreft    h + Rᵀ(act(W h + b) − R h)        params R, W, b
 *   noreft    h + W₂ᵀ(act(W₁ h + b) − W₂ h)     params W₂ (proj), W₁, b
 *   direft    h + Rᵀ act(W h + b)              params R, W, b
 *   nodireft  h + W₂ᵀ act(W₁ h + b)            params W₂ (proj), W₁, b
 *   consreft  h + Rᵀ(b − R h)                  params R, b (b ~ U[0,1), no dropout)
 *   lobireft  h + Rᵀ b                         params R, b (b ~ U[0,1))
 */
import * as nn from '../graph/composite.ts';
import type { Graph } from '../graph/graph.ts';
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';
import type { ResolvedHparams } from '../../../types/run-spec.ts';
import type { Rng } from '../train/prng.ts';
import { linearDefaultInit, uniformArray } from './init.ts';
import { randomOrthogonal } from './orthonormal.ts';

export type ReftKind = 'loreft' | 'noreft' | 'direft' | 'nodireft' | 'consreft' | 'lobireft';
export type ReftAct = NonNullable<ResolvedHparams['act']>;

/** Kinds whose R is kept at orthonormal rows. */
export const ORTHONORMAL_KINDS: ReadonlySet<ReftKind> = new Set(['loreft', 'direft', 'consreft', 'lobireft']);
/** pyreft's ConsreftIntervention applies no dropout. */
export const DROPOUT_FREE_KINDS: ReadonlySet<ReftKind> = new Set(['consreft']);

/** The tensors of one intervention: `rotate` is R or W₂ (proj); `weight`/`bias` are W (W₁) and b. */
export interface ReftTensors {
  rotate: Tensor;
  weight?: Tensor;
  bias: Tensor;
}

/** One tensor of an intervention: its name suffix, shape, initial value and role. */
export interface ReftInit {
  name: 'rotate' | 'rotate.original' | 'rotate.base' | 'source.weight' | 'source.bias' | 'bias';
  shape: number[];
  init: Float32Array;
  /** `param`: trained (with weight decay when `decay`: everything but X, as the torch worker's AdamW groups); `buffer`: fixed. */
  role: 'param' | 'buffer';
  decay: boolean;
}

/**
 * The tensors of one intervention of `kind` with their initial values. For the orthonormal kinds R
 * is not stored: it is the Householder map of X = `rotate.original` [d, r] (trained, never decayed:
 * its diagonal carries the column signs) and B = `rotate.base` [d, d] (fixed), householder.ts.
 * Initially X = −I[:, :r] (so H(X) = I[:, :r], as torch's right_inverse sets it) and B is a random
 * orthogonal matrix (Gaussian, rows orthonormalised): R starts as B's first r columns, transposed —
 * Haar-distributed rows, like torch's orthogonal_ followed by the random completion of right_inverse.
 */
export function reftParamInits(kind: ReftKind, d: number, r: number, rng: Rng): ReftInit[] {
  const param = (name: ReftInit['name'], shape: number[], init: Float32Array, decay = true): ReftInit => ({ name, shape, init, role: 'param', decay });
  const rotation: ReftInit[] = [];
  if (ORTHONORMAL_KINDS.has(kind)) {
    const rows = randomOrthogonal(rng.fork('rotate'), d); // Bᵀ: its first r rows are R
    const base = new Float32Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) base[i * d + j] = rows[j * d + i]!;
    const original = new Float32Array(d * r);
    for (let j = 0; j < r; j++) original[j * r + j] = -1;
    rotation.push(param('rotate.original', [d, r], original, false), { name: 'rotate.base', shape: [d, d], init: base, role: 'buffer', decay: false });
  } else {
    rotation.push(param('rotate', [r, d], linearDefaultInit(rng.fork('proj'), r, d).weight));
  }
  if (kind === 'consreft' || kind === 'lobireft') return [...rotation, param('bias', [r], uniformArray(rng.fork('bias'), r, 0, 1))];
  const source = linearDefaultInit(rng.fork('source'), r, d);
  return [...rotation, param('source.weight', [r, d], source.weight), param('source.bias', [r], source.bias)];
}

/** The activation applied to the learned source. */
export function applyAct(g: Graph, act: ReftAct, x: Tensor): Tensor {
  switch (act) {
    case 'identity': return x;
    case 'relu': return nn.relu(g, x);
    case 'gelu': return nn.gelu(g, x);
    case 'silu': return nn.silu(g, x);
    case 'tanh': return op.tanh(g, x);
  }
}

/** Φ(h) of `kind` before dropout. */
export function reftEdit(g: Graph, kind: ReftKind, act: ReftAct, h: Tensor, p: ReftTensors): Tensor {
  const project = (t: Tensor): Tensor => op.matmul(g, t, op.transpose(g, p.rotate, [1, 0])); // R h  (…, r)
  const back = (t: Tensor): Tensor => op.matmul(g, t, p.rotate); // Rᵀ t  (…, d)
  const source = (): Tensor => {
    if (!p.weight) throw new Error(`internal: ${kind} needs a source weight`);
    return applyAct(g, act, nn.linear(g, h, p.weight, p.bias));
  };
  switch (kind) {
    case 'loreft':
    case 'noreft':
      return op.add(g, h, back(op.sub(g, source(), project(h))));
    case 'direft':
    case 'nodireft':
      return op.add(g, h, back(source()));
    case 'consreft':
      return op.add(g, h, back(op.sub(g, p.bias, project(h))));
    case 'lobireft':
      return op.add(g, h, op.reshape(g, back(op.reshape(g, p.bias, [1, p.bias.shape[0]!])), [p.rotate.shape[1]!]));
  }
}
