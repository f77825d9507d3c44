/**
 * ReFT intervention positions inside the graph, per example, from the batch's intervention mask
 * (the `b:intervention_mask` input: 1 on the prompt tokens of a causal-LM example, the whole
 * unpadded sequence for classification — the engine feeds the attention mask when a batch gives
 * none) — the same rule as pyreft's get_intervention_locations (and the torch worker's
 * positions.py): for a prompt of L real tokens, first_n = min(L // 2, f) and last_n = min(L // 2, l)
 * (src/methods/positions.ts). Positions count masked tokens only, so left and right padding both
 * work, and response tokens (and tokens generated after the prompt) are never intervened on.
 *
 * Graph construction (all on the mask, no gradient flows through it):
 *   L = Σ mask;  c_j = Σ_{i≤j} mask_i (mask · upper-triangular ones);
 *   first_n, last_n = one-hot(L) · table (the rule above tabulated for L = 0…S);
 *   first_j = mask_j · [c_j ≤ first_n],  last_j = mask_j · [c_j > L − last_n].
 */
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';
import { positionCounts, type PositionSpec } from '../../../methods/positions.ts';
import type { BuildContext } from './method.ts';

/** 0/1 selection masks [B, S, 1] of the first and last intervened positions (disjoint). */
export interface PositionMasks {
  first: Tensor;
  last: Tensor;
}

/** first_n and last_n for a prompt of `length` real tokens: the planner's rule (src/methods/positions.ts). */
export { positionCounts };

/** The graph input (float32 [B, S]) marking the tokens positions are counted in. */
export const INTERVENTION_MASK_INPUT = 'b:intervention_mask';

const cache = new WeakMap<BuildContext, Map<string, PositionMasks>>();
const inputs = new WeakMap<BuildContext, Tensor>();

/** The intervention-mask input of the graph of `ctx` (declared once per graph). */
function interventionMask(ctx: BuildContext): Tensor {
  let mask = inputs.get(ctx);
  if (!mask) inputs.set(ctx, (mask = ctx.g.input(INTERVENTION_MASK_INPUT, 'float32', [ctx.batch, ctx.seqLen], 'batch')));
  return mask;
}

/** The selection masks of `spec` for the graph of `ctx` (built once per graph and spec). */
export function positionMasks(ctx: BuildContext, spec: PositionSpec): PositionMasks {
  const key = `${spec.first}+${spec.last}`;
  let perCtx = cache.get(ctx);
  if (!perCtx) cache.set(ctx, (perCtx = new Map()));
  const hit = perCtx.get(key);
  if (hit) return hit;
  const { g, batch: B, seqLen: S } = ctx;
  const mask = interventionMask(ctx);
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
