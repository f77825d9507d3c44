/**
 * The decoder family (LLaMA) as a graph, in HF's math: token embeddings, per layer pre-RMSNorm
 * grouped-query self-attention with RoPE (rotate_half) and a causal + padding mask, and a SwiGLU
 * FFN (down(silu(gate(x)) · up(x))), both residual; final RMSNorm and the LM head (tied to the
 * embeddings when `tieWordEmbeddings`). Loss: causal-LM cross-entropy of position t predicting
 * label t+1, ignoring labels equal to -100 (HF's convention).
 *
 * Batch inputs: `b:input_ids` [B, S] int64, `b:attention_mask` [B, S] float32, `b:labels` [B, S] int64.
 */
import type { ArchConfig } from '../../../models/arch.ts';
import * as nn from '../graph/composite.ts';
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';
import type { ModelContext } from './context.ts';
import { applyRope, ropeTables } from './rope.ts';
import { MASKED_SCORE, type ModelOutputs } from './task.ts';

export const IGNORE_LABEL = -100;

export function buildDecoder(ctx: ModelContext, arch: ArchConfig, hiddenDropout: number): ModelOutputs {
  const { g, batch: B, seqLen: S } = ctx;
  const H = arch.hiddenSize;
  const heads = arch.numHeads;
  const kvHeads = arch.numKvHeads;
  const dh = H / heads;
  const kvDim = kvHeads * dh;
  const fam = arch.modelType;
  const bias = arch.linearBias;
  const P = ctx.virtualTokens;
  const idsIn = g.input('b:input_ids', 'int64', [B, S - P], 'batch');
  const embedTable = ctx.weight('embed_tokens.weight', [arch.vocabSize, H], fam);
  let h = g.scoped('embeddings', () => ctx.dropout('embeddings', ctx.embeddings(ctx.inputEmbeddings(op.gather(g, embedTable, idsIn))), hiddenDropout));

  const { cos, sin } = ropeTables(S, dh, arch.ropeTheta);
  const cosT = g.constant(cos, 'float32', [S, dh]);
  const sinT = g.constant(sin, 'float32', [S, dh]);
  const causal = new Float32Array(S * S);
  for (let i = 0; i < S; i++) for (let j = i + 1; j < S; j++) causal[i * S + j] = MASKED_SCORE;
  const padBias = op.reshape(g, op.mul(g, op.sub(g, g.scalar(1, 'float32'), ctx.attentionMask), g.scalar(MASKED_SCORE, 'float32')), [B, 1, 1, S]);
  const maskBias = op.add(g, g.constant(causal, 'float32', [1, 1, S, S]), padBias);

  for (let l = 0; l < arch.numLayers; l++) {
    h = g.scoped(`layer${l}`, () => {
      const p = `layers.${l}.`;
      const site = (module: string, role: string, inF: number, outF: number) => ({ module: p + module, layer: l, role, inFeatures: inF, outFeatures: outF });
      const attnOut = g.scoped('attn', () => {
        const x = nn.rmsNorm(g, h, ctx.weight(`${p}input_layernorm.weight`, [H], fam), arch.normEps);
        const split = (t: Tensor, n: number): Tensor => op.transpose(g, op.reshape(g, t, [B, S, n, dh]), [0, 2, 1, 3]);
        const q = applyRope(g, split(ctx.linear(site('self_attn.q_proj', 'q_proj', H, H), x, bias, fam), heads), cosT, sinT);
        let k = applyRope(g, split(ctx.linear(site('self_attn.k_proj', 'k_proj', H, kvDim), x, bias, fam), kvHeads), cosT, sinT);
        let v = split(ctx.linear(site('self_attn.v_proj', 'v_proj', H, kvDim), x, bias, fam), kvHeads);
        if (kvHeads !== heads) {
          const rep = heads / kvHeads;
          const repeat = (t: Tensor): Tensor => op.reshape(g, op.expand(g, op.reshape(g, t, [B, kvHeads, 1, S, dh]), [B, kvHeads, rep, S, dh]), [B, heads, S, dh]);
          k = repeat(k);
          v = repeat(v);
        }
        const merged = op.reshape(g, op.transpose(g, nn.attention(g, q, k, v, maskBias, 1 / Math.sqrt(dh)), [0, 2, 1, 3]), [B, S, H]);
        return op.add(g, h, ctx.dropout(`layer${l}.attn`, ctx.linear(site('self_attn.o_proj', 'o_proj', H, H), merged, bias, fam), hiddenDropout));
      });
      const block = g.scoped('ffn', () => {
        const x = nn.rmsNorm(g, attnOut, ctx.weight(`${p}post_attention_layernorm.weight`, [H], fam), arch.normEps);
        const gate = nn.silu(g, ctx.linear(site('mlp.gate_proj', 'gate_proj', H, arch.intermediateSize), x, bias, fam));
        const up = ctx.linear(site('mlp.up_proj', 'up_proj', H, arch.intermediateSize), x, bias, fam);
        const down = ctx.linear(site('mlp.down_proj', 'down_proj', arch.intermediateSize, H), op.mul(g, gate, up), bias, fam);
        return op.add(g, attnOut, ctx.dropout(`layer${l}.ffn`, down, hiddenDropout));
      });
      return ctx.blockOutput(l, block);
    });
  }

  return g.scoped('head', () => {
    const normed = nn.rmsNorm(g, h, ctx.weight('norm.weight', [H], fam), arch.normEps);
    const headWeight = arch.tieWordEmbeddings ? embedTable : ctx.weight('lm_head.weight', [arch.vocabSize, H], fam);
    // Logits of the real positions only (virtual prompt tokens predict nothing).
    const real = S - P;
    const logits = nn.linear(g, P > 0 ? op.slice(g, normed, 1, P, S) : normed, headWeight);
    const labels = g.input('b:labels', 'int64', [B, real], 'batch');
    const V = arch.vocabSize;
    const predicting = op.reshape(g, op.slice(g, logits, 1, 0, real - 1), [B * (real - 1), V]);
    const next = op.reshape(g, op.slice(g, labels, 1, 1, real), [B * (real - 1)]);
    const ignored = op.equal(g, next, g.scalar(IGNORE_LABEL, 'int64'));
    const weight = op.where(g, ignored, g.scalar(0, 'float32'), g.scalar(1, 'float32'));
    const safeLabels = op.where(g, ignored, g.scalar(0, 'int64'), next);
    return { logits, loss: nn.crossEntropy(g, predicting, safeLabels, weight) };
  });
}
