/**
 * The encoder family (BERT, RoBERTa, MiniLM — all post-LN BERT blocks) as a graph, in HF's math:
 * embeddings (word + position + token type, then LayerNorm), per layer self-attention with an
 * additive padding mask and a GELU FFN, each followed by residual + LayerNorm. Heads:
 * BERT/MiniLM pool the first token through `pooler.dense` + tanh and apply `classifier`;
 * RoBERTa applies `classifier.dense` + tanh + `classifier.out_proj` to the first token.
 * RoBERTa positions start at padding_idx + 1 (`positionOffset`); with right padding this equals
 * HF's cumulative-sum numbering for every real token.
 *
 * Batch inputs: `b:input_ids` [B, S] int64, `b:attention_mask` [B, S] float32,
 * `b:token_type_ids` [B, S] int64 (BERT only), `b:labels` [B] (int64 classes or float32 targets).
 */
import type { ArchConfig } from '../../../models/arch.ts';
import * as nn from '../graph/composite.ts';
import * as op from '../graph/ops.ts';
import type { Tensor } from '../graph/types.ts';
import type { ModelContext } from './context.ts';
import { MASKED_SCORE, type ModelOutputs, type TaskSpec } from './task.ts';

export interface EncoderOptions {
  hiddenDropout: number;
  /** Dropout before the classifier (HF: classifier_dropout or hidden_dropout_prob). */
  headDropout: number;
}

function activation(ctx: ModelContext, arch: ArchConfig, x: Tensor): Tensor {
  switch (arch.hiddenAct) {
    case 'gelu': return nn.gelu(ctx.g, x);
    case 'gelu_new': return nn.geluTanh(ctx.g, x);
    case 'relu': return nn.relu(ctx.g, x);
    case 'silu': return nn.silu(ctx.g, x);
  }
}

export function buildEncoder(ctx: ModelContext, arch: ArchConfig, task: TaskSpec, options: EncoderOptions): ModelOutputs {
  const { g, batch: B, seqLen: S } = ctx;
  const H = arch.hiddenSize;
  const heads = arch.numHeads;
  const dh = H / heads;
  const fam = arch.modelType;
  const P = ctx.virtualTokens;
  const idsIn = g.input('b:input_ids', 'int64', [B, S - P], 'batch');

  let h = g.scoped('embeddings', () => {
    const words = ctx.inputEmbeddings(op.gather(g, ctx.weight('embeddings.word_embeddings.weight', [arch.vocabSize, H], fam), idsIn));
    const posIds = g.constant(BigInt64Array.from({ length: S }, (_, i) => BigInt(i + arch.positionOffset)), 'int64', [S]);
    const pos = op.gather(g, ctx.weight('embeddings.position_embeddings.weight', [arch.maxPositions, H], fam), posIds);
    let sum = op.add(g, words, pos);
    const typeRows = Math.max(1, arch.typeVocabSize);
    const typeTable = ctx.weight('embeddings.token_type_embeddings.weight', [typeRows, H], fam);
    if (arch.typeVocabSize > 1) {
      let typeIds = g.input('b:token_type_ids', 'int64', [B, S - P], 'batch');
      if (P > 0) typeIds = op.concat(g, [g.constant(new BigInt64Array(B * P), 'int64', [B, P]), typeIds], 1);
      sum = op.add(g, sum, op.gather(g, typeTable, typeIds));
    } else {
      sum = op.add(g, sum, op.slice(g, typeTable, 0, 0, 1));
    }
    sum = ctx.embeddings(sum);
    const normed = nn.layerNorm(g, sum, ctx.weight('embeddings.LayerNorm.weight', [H], fam), ctx.weight('embeddings.LayerNorm.bias', [H], fam), arch.normEps);
    return ctx.dropout('embeddings', normed, options.hiddenDropout);
  });

  // [B, 1, 1, S]: 0 for tokens, MASKED_SCORE for padding.
  const maskBias = op.reshape(g, op.mul(g, op.sub(g, g.scalar(1, 'float32'), ctx.attentionMask), g.scalar(MASKED_SCORE, 'float32')), [B, 1, 1, S]);

  for (let l = 0; l < arch.numLayers; l++) {
    h = g.scoped(`layer${l}`, () => {
      const p = `encoder.layer.${l}.`;
      const site = (module: string, role: string, inF: number, outF: number) => ({ module: p + module, layer: l, role, inFeatures: inF, outFeatures: outF });
      const split = (t: Tensor): Tensor => op.transpose(g, op.reshape(g, t, [B, S, heads, dh]), [0, 2, 1, 3]);
      const attnOut = g.scoped('attn', () => {
        const q = split(ctx.linear(site('attention.self.query', 'query', H, H), h, true, fam));
        const k = split(ctx.linear(site('attention.self.key', 'key', H, H), h, true, fam));
        const v = split(ctx.linear(site('attention.self.value', 'value', H, H), h, true, fam));
        const ctxv = nn.attention(g, q, k, v, maskBias, 1 / Math.sqrt(dh));
        const merged = op.reshape(g, op.transpose(g, ctxv, [0, 2, 1, 3]), [B, S, H]);
        const out = ctx.dropout(`layer${l}.attn`, ctx.linear(site('attention.output.dense', 'attn_out', H, H), merged, true, fam), options.hiddenDropout);
        return nn.layerNorm(g, op.add(g, out, h), ctx.weight(`${p}attention.output.LayerNorm.weight`, [H], fam), ctx.weight(`${p}attention.output.LayerNorm.bias`, [H], fam), arch.normEps);
      });
      const block = g.scoped('ffn', () => {
        const inner = activation(ctx, arch, ctx.linear(site('intermediate.dense', 'ffn_in', H, arch.intermediateSize), attnOut, true, fam));
        const out = ctx.dropout(`layer${l}.ffn`, ctx.linear(site('output.dense', 'ffn_out', arch.intermediateSize, H), inner, true, fam), options.hiddenDropout);
        return nn.layerNorm(g, op.add(g, out, attnOut), ctx.weight(`${p}output.LayerNorm.weight`, [H], fam), ctx.weight(`${p}output.LayerNorm.bias`, [H], fam), arch.normEps);
      });
      return ctx.blockOutput(l, block);
    });
  }

  return g.scoped('head', () => encoderHead(ctx, arch, task, h, options));
}

function encoderHead(ctx: ModelContext, arch: ArchConfig, task: TaskSpec, h: Tensor, options: EncoderOptions): ModelOutputs {
  const { g, batch: B } = ctx;
  const H = arch.hiddenSize;
  if (task.kind === 'causal-lm') throw new Error('encoder graphs have no causal-LM head');
  const outF = task.kind === 'classification' ? task.numLabels : 1;
  // The first real token (after any virtual prompt tokens).
  const first = op.reshape(g, op.slice(g, h, 1, ctx.virtualTokens, ctx.virtualTokens + 1), [B, H]);
  let logits: Tensor;
  if (arch.modelType === 'roberta') {
    const x = ctx.dropout('head.in', first, options.headDropout);
    const dense = op.tanh(g, nn.linear(g, x, ctx.headWeight('classifier.dense.weight', [H, H], 0.02), ctx.headWeight('classifier.dense.bias', [H], 0.02)));
    const y = ctx.dropout('head.mid', dense, options.headDropout);
    logits = nn.linear(g, y, ctx.headWeight('classifier.out_proj.weight', [outF, H], 0.02), ctx.headWeight('classifier.out_proj.bias', [outF], 0.02));
  } else {
    const pooled = op.tanh(g, ctx.linear({ module: 'pooler.dense', layer: undefined, role: 'pooler', inFeatures: H, outFeatures: H }, first, true, arch.modelType));
    const x = ctx.dropout('head.in', pooled, options.headDropout);
    logits = nn.linear(g, x, ctx.headWeight('classifier.weight', [outF, H], 0.02), ctx.headWeight('classifier.bias', [outF], 0.02));
  }
  if (task.kind === 'classification') {
    const labels = g.input('b:labels', 'int64', [B], 'batch');
    return { logits, loss: nn.crossEntropy(g, logits, labels, g.constant(new Float32Array(B).fill(1), 'float32', [B])) };
  }
  const targets = g.input('b:labels', 'float32', [B], 'batch');
  const pred = op.reshape(g, logits, [B]);
  return { logits, loss: nn.meanSquaredError(g, pred, targets) };
}
