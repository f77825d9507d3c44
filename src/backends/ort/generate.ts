/**
 * Greedy generation on the ort engine's eval graph, for causal-LM tasks scored by exact match.
 * The eval graph has a static [evalBatchSize, maxLength] shape, so each new token recomputes the
 * whole sequence (fine for the tiny models this backend runs): every row holds its prompt and the
 * tokens generated so far, right-padded (the causal mask keeps padding from reaching earlier
 * positions), and the next token is the arg-max of the logits at the row's last real token.
 *
 * ReFT intervenes on the prompt positions only (the intervention mask covers the prompt), as
 * pyreft's generate does; generated tokens are never intervened on. A row stops at one of the
 * end-of-sequence tokens (the tokenizer's and config.json's), after `maxNewTokens` tokens, or when
 * it fills the task's maxLength.
 */
import type { TokenizedSplitData } from '../../data/tokenized-split.ts';
import { promptLength } from '../generation-plan.ts';
import type { Batch, Engine } from './engine.ts';
import { IGNORE_LABEL } from './models/decoder.ts';

export interface GenerateOptions {
  /** Rows per eval graph call (the graph's batch size). */
  batchSize: number;
  /** The eval graph's sequence length (the task's maxLength). */
  seqLen: number;
  vocabSize: number;
  padTokenId: number;
  maxNewTokens: number;
  /** Generation stops at any of these tokens (it is kept in the output); empty: only at maxNewTokens. */
  eosTokenIds: readonly number[];
  signal: AbortSignal;
}

/** The prompt of example `i`: its first promptLength tokens (all of them when there is no response). */
export function promptIds(split: TokenizedSplitData, i: number, seqLen: number): number[] {
  const start = split.offsets[i]!;
  return Array.from(split.ids.subarray(start, start + Math.min(promptLength(split, i), seqLen)));
}

function argmax(logits: Float32Array, offset: number, width: number): number {
  let best = 0;
  for (let v = 1; v < width; v++) if (logits[offset + v]! > logits[offset + best]!) best = v;
  return best;
}

/** Greedy continuation ids of every example of `split`, in order. */
export async function greedyGenerate(engine: Engine, split: TokenizedSplitData, options: GenerateOptions): Promise<number[][]> {
  const { batchSize: B, seqLen: S, vocabSize: V } = options;
  const out: number[][] = [];
  for (let first = 0; first < split.meta.numExamples; first += B) {
    const rows = Array.from({ length: Math.min(B, split.meta.numExamples - first) }, (_, k) => first + k);
    const prompts = rows.map((i) => promptIds(split, i, S));
    const generated: number[][] = rows.map(() => []);
    const active = prompts.map((p) => p.length > 0 && p.length < S);
    while (active.some(Boolean)) {
      options.signal.throwIfAborted();
      const batch = lmBatch(prompts, generated, B, S, options.padTokenId);
      const { logits } = await engine.evaluate(batch);
      rows.forEach((_, r) => {
        if (!active[r]) return;
        const last = prompts[r]!.length + generated[r]!.length - 1;
        const next = argmax(logits, (r * S + last) * V, V);
        generated[r]!.push(next);
        const length = last + 2;
        if (options.eosTokenIds.includes(next) || generated[r]!.length >= options.maxNewTokens || length >= S) active[r] = false;
      });
    }
    out.push(...generated);
  }
  return out;
}

/** Prompt + generated tokens, right-padded; the intervention mask covers each prompt; no labels. */
function lmBatch(prompts: readonly number[][], generated: readonly number[][], B: number, S: number, padTokenId: number): Batch {
  const inputIds = new BigInt64Array(B * S).fill(BigInt(padTokenId));
  const attentionMask = new Float32Array(B * S);
  const interventionMask = new Float32Array(B * S);
  const labels = new BigInt64Array(B * S).fill(BigInt(IGNORE_LABEL));
  for (let b = 0; b < B; b++) {
    const r = b < prompts.length ? b : 0;
    const ids = [...prompts[r]!, ...generated[r]!];
    ids.forEach((id, t) => {
      inputIds[b * S + t] = BigInt(id);
      attentionMask[b * S + t] = 1;
      if (t < prompts[r]!.length) interventionMask[b * S + t] = 1;
    });
  }
  return { inputIds, attentionMask, interventionMask, labels };
}
