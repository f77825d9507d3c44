/**
 * llama2.c legacy checkpoints and `tok*.bin` tokenizers, and their conversion to an HF-format
 * LLaMA directory.
 *
 * Checkpoint layout: 7 little-endian int32 (dim, hidden_dim, n_layers, n_heads, n_kv_heads,
 * vocab_size, seq_len; a negative vocab_size means an untied classifier), then float32 arrays,
 * each matrix (out, in): tok_emb[V,D], rms_att[L,D], wq[L,D,D], wk[L,KV,D], wv[L,KV,D], wo[L,D,D],
 * rms_ffn[L,D], w1[L,H,D], w2[L,D,H], w3[L,H,D], rms_final[D], freq_cis_real/imag[seq, hd/2]
 * (unused), then wcls[V,D] when untied.
 *
 * Tokenizer layout: int32 max_token_length, then per token: float32 score, int32 length, bytes.
 *
 * RoPE: llama2.c rotates adjacent pairs (2i, 2i+1) of each head; HF's LLaMA rotates (i, i + hd/2)
 * ("rotate_half"). Permuting the rows of q_proj and k_proj inside each head, so that row 2i+p moves
 * to p·hd/2 + i, makes HF's rotation compute the same attention scores.
 */
import { readFileSync, statSync } from 'node:fs';
import { UserError } from '../errors.ts';
import { modelsMessages as msg } from '../messages/index.ts';
import type { ArchConfig } from './arch.ts';
import { archToHfConfig } from './hf-config.ts';
import type { HfDirContents } from './hf-write.ts';
import type { TensorF32, TensorMap } from './safetensors.ts';
import { SPIECE_UNDERLINE, byteFallbackBpeTokenizerJson, mergesFromScores } from './tokenizer-json.ts';

export interface Llama2cHeader {
  dim: number;
  hiddenDim: number;
  nLayers: number;
  nHeads: number;
  nKvHeads: number;
  vocabSize: number;
  seqLen: number;
  /** Classifier shares tok_emb (vocab_size was positive in the file). */
  shared: boolean;
}

/** Per-layer weights as stored by llama2.c, (out, in) row-major. */
export interface Llama2cLayer {
  rmsAtt: Float32Array;
  wq: Float32Array;
  wk: Float32Array;
  wv: Float32Array;
  wo: Float32Array;
  rmsFfn: Float32Array;
  w1: Float32Array;
  w2: Float32Array;
  w3: Float32Array;
}

export interface Llama2cCheckpoint {
  header: Llama2cHeader;
  tokEmb: Float32Array;
  layers: Llama2cLayer[];
  rmsFinal: Float32Array;
  /** Classifier [V, D]; equals tokEmb when shared. */
  wcls: Float32Array;
}

export interface Llama2cTokenizer {
  maxTokenLength: number;
  /** Raw pieces as in the file (spaces, not ▁). */
  pieces: string[];
  scores: number[];
}

const HEADER_BYTES = 28;
const VERSIONED_MAGIC = 0x616b3432; // "ak42"

/** Parses a legacy llama2.c checkpoint from bytes; `file` is used in messages. */
export function parseLlama2cCheckpoint(bytes: Uint8Array, file: string): Llama2cCheckpoint {
  if (bytes.length < HEADER_BYTES) throw new UserError(msg.llama2cTooShort(file, bytes.length));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) === VERSIONED_MAGIC) throw new UserError(msg.llama2cVersioned(file));
  const names = ['dim', 'hidden_dim', 'n_layers', 'n_heads', 'n_kv_heads', 'vocab_size', 'seq_len'] as const;
  const values = names.map((_, i) => view.getInt32(i * 4, true));
  const [dim, hiddenDim, nLayers, nHeads, nKvHeads, rawVocab, seqLen] = values as [number, number, number, number, number, number, number];
  values.forEach((value, i) => {
    if ((i === 5 ? Math.abs(value) : value) <= 0 || Math.abs(value) > 1 << 24) throw new UserError(msg.llama2cBadHeader(file, names[i]!, value));
  });
  if (dim % nHeads !== 0) throw new UserError(msg.llama2cBadHeader(file, 'n_heads', nHeads));
  if (nHeads % nKvHeads !== 0) throw new UserError(msg.llama2cBadHeader(file, 'n_kv_heads', nKvHeads));
  const headSize = dim / nHeads;
  if (headSize % 2 !== 0) throw new UserError(msg.llama2cBadHeader(file, 'n_heads', nHeads));
  const vocabSize = Math.abs(rawVocab);
  const shared = rawVocab > 0;
  const kvDim = headSize * nKvHeads;
  const L = nLayers;
  const floats =
    vocabSize * dim + L * dim + L * dim * dim + 2 * L * kvDim * dim + L * dim * dim + L * dim + 3 * L * hiddenDim * dim + dim +
    seqLen * headSize + (shared ? 0 : vocabSize * dim);
  const expected = HEADER_BYTES + floats * 4;
  if (bytes.length !== expected) throw new UserError(msg.llama2cSizeMismatch(file, expected - HEADER_BYTES, bytes.length - HEADER_BYTES));

  let offset = HEADER_BYTES;
  const take = (count: number): Float32Array => {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + i * 4, true);
    offset += count * 4;
    return out;
  };
  const perLayer = (count: number): Float32Array[] => {
    const all = take(L * count);
    return Array.from({ length: L }, (_, l) => all.slice(l * count, (l + 1) * count));
  };
  const tokEmb = take(vocabSize * dim);
  const rmsAtt = perLayer(dim);
  const wq = perLayer(dim * dim);
  const wk = perLayer(kvDim * dim);
  const wv = perLayer(kvDim * dim);
  const wo = perLayer(dim * dim);
  const rmsFfn = perLayer(dim);
  const w1 = perLayer(hiddenDim * dim);
  const w2 = perLayer(dim * hiddenDim);
  const w3 = perLayer(hiddenDim * dim);
  const rmsFinal = take(dim);
  offset += seqLen * headSize * 4; // freq_cis_real + freq_cis_imag, each [seq_len, head_size/2]
  const wcls = shared ? tokEmb : take(vocabSize * dim);
  const layers = Array.from({ length: L }, (_, l) => ({
    rmsAtt: rmsAtt[l]!, wq: wq[l]!, wk: wk[l]!, wv: wv[l]!, wo: wo[l]!, rmsFfn: rmsFfn[l]!, w1: w1[l]!, w2: w2[l]!, w3: w3[l]!,
  }));
  return { header: { dim, hiddenDim, nLayers, nHeads, nKvHeads, vocabSize, seqLen, shared }, tokEmb, layers, rmsFinal, wcls };
}

export function readLlama2cCheckpoint(path: string): Llama2cCheckpoint {
  return parseLlama2cCheckpoint(readFileSync(path), path);
}

/** Parses a llama2.c tokenizer file holding `vocabSize` tokens. */
export function parseLlama2cTokenizer(bytes: Uint8Array, vocabSize: number, file: string): Llama2cTokenizer {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 4) throw new UserError(msg.llama2cTokenizerTruncated(file, 0, bytes.length));
  const maxTokenLength = view.getInt32(0, true);
  const decoder = new TextDecoder('utf-8');
  const pieces: string[] = [];
  const scores: number[] = [];
  let offset = 4;
  for (let id = 0; id < vocabSize; id++) {
    if (offset + 8 > bytes.length) {
      if (offset === bytes.length) throw new UserError(msg.llama2cTokenizerVocabMismatch(file, id, vocabSize));
      throw new UserError(msg.llama2cTokenizerTruncated(file, id, offset));
    }
    scores.push(view.getFloat32(offset, true));
    const length = view.getInt32(offset + 4, true);
    offset += 8;
    if (length < 0 || offset + length > bytes.length) throw new UserError(msg.llama2cTokenizerTruncated(file, id, offset));
    pieces.push(decoder.decode(bytes.subarray(offset, offset + length)));
    offset += length;
  }
  if (offset !== bytes.length) throw new UserError(msg.llama2cTokenizerVocabMismatch(file, Number.NaN, vocabSize));
  return { maxTokenLength, pieces, scores };
}

export function readLlama2cTokenizer(path: string, vocabSize: number): Llama2cTokenizer {
  return parseLlama2cTokenizer(readFileSync(path), vocabSize, path);
}

/** The architecture of a llama2.c checkpoint (RMSNorm eps 1e-5, RoPE theta 1e4, as llama2.c hard-codes). */
export function llama2cArch(header: Llama2cHeader): ArchConfig {
  return {
    family: 'decoder',
    modelType: 'llama',
    vocabSize: header.vocabSize,
    hiddenSize: header.dim,
    numLayers: header.nLayers,
    numHeads: header.nHeads,
    numKvHeads: header.nKvHeads,
    intermediateSize: header.hiddenDim,
    maxPositions: header.seqLen,
    typeVocabSize: 0,
    hiddenAct: 'silu',
    normEps: 1e-5,
    ropeTheta: 10000,
    tieWordEmbeddings: header.shared,
    positionOffset: 0,
    padTokenId: 0,
    linearBias: false,
  };
}

/**
 * Reorders the rows of a (heads·hd, in) projection from llama2.c's interleaved RoPE pairs to HF's
 * half-split layout: inside each head, row 2i+p goes to p·hd/2 + i.
 */
export function permuteForRotateHalf(weight: Float32Array, heads: number, headSize: number, inDim: number): Float32Array {
  const out = new Float32Array(weight.length);
  const half = headSize / 2;
  for (let h = 0; h < heads; h++) {
    for (let i = 0; i < half; i++) {
      for (let p = 0; p < 2; p++) {
        const src = (h * headSize + 2 * i + p) * inDim;
        const dst = (h * headSize + p * half + i) * inDim;
        out.set(weight.subarray(src, src + inDim), dst);
      }
    }
  }
  return out;
}

/** The HF piece of a llama2.c token: `\n<s>\n` → `<s>`, spaces → ▁. */
export function hfPiece(piece: string, id: number, bosId: number, eosId: number): string {
  if (id === bosId || id === eosId) return piece.trim();
  return piece.replaceAll(' ', SPIECE_UNDERLINE);
}

/** llama2.c's fixed special ids. */
export const LLAMA2C_UNK = 0;
export const LLAMA2C_BOS = 1;
export const LLAMA2C_EOS = 2;
const FIRST_BYTE_TOKEN = 3;

/** tokenizer.json for a llama2.c tokenizer: byte-fallback BPE with merges from the piece scores. */
export function llama2cTokenizerJson(tokenizer: Llama2cTokenizer, file: string): Record<string, unknown> {
  const pieces = tokenizer.pieces.map((piece, id) => hfPiece(piece, id, LLAMA2C_BOS, LLAMA2C_EOS));
  const seen = new Map<string, number>();
  pieces.forEach((piece, id) => {
    const first = seen.get(piece);
    if (first !== undefined) throw new UserError(msg.llama2cTokenizerDuplicate(file, piece, first, id));
    seen.set(piece, id);
  });
  const isByte = (id: number) => /^<0x[0-9A-F]{2}>$/.test(pieces[id]!);
  const mergeable = (id: number) => id >= FIRST_BYTE_TOKEN && !isByte(id);
  const merges = mergesFromScores(pieces, tokenizer.scores, mergeable);
  return byteFallbackBpeTokenizerJson({ pieces, merges, unkId: LLAMA2C_UNK, bosId: LLAMA2C_BOS, eosId: LLAMA2C_EOS });
}

/** HF LLaMA tensors (HF names) from a llama2.c checkpoint. The tied lm_head is left to the config. */
export function llama2cToHfTensors(ckpt: Llama2cCheckpoint): TensorMap {
  const { dim, hiddenDim, nHeads, nKvHeads, vocabSize, shared } = ckpt.header;
  const headSize = dim / nHeads;
  const kvDim = headSize * nKvHeads;
  const t = (shape: number[], data: Float32Array): TensorF32 => ({ shape, data });
  const tensors: TensorMap = new Map();
  tensors.set('model.embed_tokens.weight', t([vocabSize, dim], ckpt.tokEmb));
  ckpt.layers.forEach((layer, l) => {
    const p = `model.layers.${l}.`;
    tensors.set(`${p}input_layernorm.weight`, t([dim], layer.rmsAtt));
    tensors.set(`${p}self_attn.q_proj.weight`, t([dim, dim], permuteForRotateHalf(layer.wq, nHeads, headSize, dim)));
    tensors.set(`${p}self_attn.k_proj.weight`, t([kvDim, dim], permuteForRotateHalf(layer.wk, nKvHeads, headSize, dim)));
    tensors.set(`${p}self_attn.v_proj.weight`, t([kvDim, dim], layer.wv));
    tensors.set(`${p}self_attn.o_proj.weight`, t([dim, dim], layer.wo));
    tensors.set(`${p}post_attention_layernorm.weight`, t([dim], layer.rmsFfn));
    tensors.set(`${p}mlp.gate_proj.weight`, t([hiddenDim, dim], layer.w1));
    tensors.set(`${p}mlp.down_proj.weight`, t([dim, hiddenDim], layer.w2));
    tensors.set(`${p}mlp.up_proj.weight`, t([hiddenDim, dim], layer.w3));
  });
  tensors.set('model.norm.weight', t([dim], ckpt.rmsFinal));
  if (!shared) tensors.set('lm_head.weight', t([vocabSize, dim], ckpt.wcls));
  return tensors;
}

/** Everything `writeHfDir` needs to write a converted llama2.c model. */
export function convertLlama2c(checkpointPath: string, tokenizerPath: string): HfDirContents {
  for (const [path, what] of [[checkpointPath, 'llama2.c checkpoint'], [tokenizerPath, 'llama2.c tokenizer']] as const) {
    let ok = false;
    try {
      ok = statSync(path).isFile();
    } catch {
      ok = false;
    }
    if (!ok) throw new UserError(msg.inputMissing(path, what));
  }
  const ckpt = readLlama2cCheckpoint(checkpointPath);
  const tokenizer = readLlama2cTokenizer(tokenizerPath, ckpt.header.vocabSize);
  const arch = llama2cArch(ckpt.header);
  return {
    config: archToHfConfig(arch, { bosTokenId: LLAMA2C_BOS, eosTokenId: LLAMA2C_EOS }),
    tensors: llama2cToHfTensors(ckpt),
    tokenizer: llama2cTokenizerJson(tokenizer, tokenizerPath),
  };
}
