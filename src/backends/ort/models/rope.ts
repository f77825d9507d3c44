/**
 * Rotary position embeddings in HF's rotate_half convention (LLaMA): for head size d,
 * inv_freq[i] = θ^(−2i/d), angles = pos ⊗ inv_freq duplicated to [S, d] (cat(freqs, freqs)),
 * and x' = x·cos + rotate_half(x)·sin with rotate_half(x) = cat(−x[d/2:], x[:d/2]).
 */
import type { Graph } from '../graph/graph.ts';
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';

/** cos and sin tables [S, d] for positions 0..S-1 (computed in float64, stored float32). */
export function ropeTables(seqLen: number, headSize: number, theta: number): { cos: Float32Array; sin: Float32Array } {
  const half = headSize / 2;
  const cos = new Float32Array(seqLen * headSize);
  const sin = new Float32Array(seqLen * headSize);
  for (let s = 0; s < seqLen; s++) {
    for (let i = 0; i < half; i++) {
      // HF computes inv_freq in float32 before the outer product; mirror that rounding.
      const invFreq = Math.fround(1 / Math.pow(theta, Math.fround((2 * i) / headSize)));
      const angle = Math.fround(s * invFreq);
      for (const j of [i, i + half]) {
        cos[s * headSize + j] = Math.cos(angle);
        sin[s * headSize + j] = Math.sin(angle);
      }
    }
  }
  return { cos, sin };
}

/** Applies RoPE to x [B, heads, S, d] with tables [S, d] given as graph constants. */
export function applyRope(g: Graph, x: Tensor, cos: Tensor, sin: Tensor): Tensor {
  const d = x.shape[3] as number;
  const first = op.slice(g, x, 3, 0, d / 2);
  const second = op.slice(g, x, 3, d / 2, d);
  const rotated = op.concat(g, [op.neg(g, second), first], 3);
  return op.add(g, op.mul(g, x, cos), op.mul(g, rotated, sin));
}
