/**
 * ReFT intervention positions inside the graph, per example, from the batch's padding mask — the
 * same rule as pyreft's get_intervention_locations (and the torch worker's positions.py): for a
 * prompt of L real tokens, first_n = min(L // 2, f) and last_n = min(L // 2, l), so a sequence
 * shorter than 2n gets fewer positions. Positions count real tokens only, so left and right
 * padding both work.
 *
 * Graph construction (all on the mask, no gradient flows through it):
 *   L = Σ mask;  c_j = Σ_{i≤j} mask_i (mask · upper-triangular ones);
 *   first_n, last_n = one-hot(L) · table (the rule above tabulated for L = 0…S);
 *   first_j = mask_j · [c_j ≤ first_n],  last_j = mask_j · [c_j > L − last_n].
 */
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';
import type { PositionSpec } from '../../../methods/positions.ts';
import type { BuildContext } from './method.ts';

/** 0/1 selection masks [B, S, 1] of the first and last intervened positions (disjoint). */
export interface PositionMasks {
  first: Tensor;
  last: Tensor;
}

/** first_n and last_n for a prompt of `length` real tokens (pyreft's rule). */
export function positionCounts(spec: PositionSpec, length: number): { first: number; last: number } {
  const half = Math.floor(length / 2);
  return { first: Math.min(half, spec.first), last: Math.min(half, spec.last) };
}

const cache = new WeakMap<BuildContext, Map<string, PositionMasks>>();

/** The selection masks of `spec` for the graph of `ctx` (built once per graph and spec). */
export function positionMasks(ctx: BuildContext, spec: PositionSpec): PositionMasks {
  const key = `${spec.first}+${spec.last}`;
  let perCtx = cache.get(ctx);
  if (!perCtx) cache.set(ctx, (perCtx = new Map()));
  const hit = perCtx.get(key);
  if (hit) return hit;
  const { g, batch: B, seqLen: S, attentionMask: mask } = ctx;
  const upper = new Float32Array(S * S);
  for (let i = 0; i < S; i++) for (let j = i; j < S; j++) upper[i * S + j] = 1;
  const rank = op.matmul(g, mask, g.constant(upper, 'float32', [S, S]));
  const length = op.reduceSum(g, mask, [1]);
  const lengths = g.constant(BigInt64Array.from({ length: S + 1 }, (_, i) => BigInt(i)), 'int64', [1, S + 1]);
  const oneHot = op.cast(g, op.equal(g, op.cast(g, length, 'int64'), lengths), 'float32');
  const firstTable = new Float32Array(S + 1);
  const lastTable = new Float32Array(S + 1);
  for (let len = 0; len <= S; len++) {
    const n = positionCounts(spec, len);
    firstTable[len] = n.first;
    lastTable[len] = n.last;
  }
  const firstN = op.matmul(g, oneHot, g.constant(firstTable, 'float32', [S + 1, 1]));
  const lastN = op.matmul(g, oneHot, g.constant(lastTable, 'float32', [S + 1, 1]));
  const half = g.scalar(0.5, 'float32');
  const selected = (cond: Tensor): Tensor => op.reshape(g, op.mul(g, mask, op.cast(g, cond, 'float32')), [B, S, 1]);
  const masks: PositionMasks = {
    first: selected(op.less(g, rank, op.add(g, firstN, half))),
    last: selected(op.greater(g, rank, op.add(g, op.sub(g, length, lastN), half))),
  };
  perCtx.set(key, masks);
  return masks;
}
