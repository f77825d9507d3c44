/**
 * Deterministic tiny random models of both families — BERT, RoBERTa (positions offset by
 * padding_idx + 1 = 2) and LLaMA (grouped-query attention) — as HF-format directory contents that
 * transformers' Auto classes and HF tokenizers load. The same (kind, seed, arch) always gives the
 * same bytes. Suites name them `tiny:<kind>@<seed>` with the architecture inline; the defaults here
 * are what `reftbench model tiny` writes.
 *
 * Initialisation (seeded): linear weights N(0, 1/fan_in), embeddings N(0, 1), norm gains
 * 1 + N(0, 0.1²), biases N(0, 0.1²) — larger than HF's 0.02 so reference logits are far from zero
 * and parity tests mean something.
 */
import { UserError } from '../errors.ts';
import { modelsMessages as msg } from '../messages/index.ts';
import type { ArchConfig } from './arch.ts';
import { archToHfConfig } from './hf-config.ts';
import type { HfDirContents } from './hf-write.ts';
import type { TensorMap } from './safetensors.ts';
import { tinyByteFallbackBpe, tinyByteLevelBpe, tinyWordPiece, type TinyTokenizer } from './tiny-tokenizers.ts';

export const TINY_KINDS = ['bert', 'roberta', 'llama'] as const;
export type TinyKind = (typeof TINY_KINDS)[number];

const ENCODER_BASE = {
  family: 'encoder',
  hiddenSize: 32,
  numLayers: 2,
  numHeads: 4,
  numKvHeads: 4,
  intermediateSize: 64,
  hiddenAct: 'gelu',
  normEps: 1e-12,
  ropeTheta: 0,
  tieWordEmbeddings: false,
  linearBias: true,
} as const;

/** The default architecture of each tiny kind. */
export const TINY_DEFAULTS: Record<TinyKind, ArchConfig> = {
  bert: { ...ENCODER_BASE, modelType: 'bert', vocabSize: 256, maxPositions: 64, typeVocabSize: 2, positionOffset: 0, padTokenId: 0 },
  roberta: { ...ENCODER_BASE, modelType: 'roberta', vocabSize: 640, maxPositions: 66, typeVocabSize: 1, normEps: 1e-5, positionOffset: 2, padTokenId: 1 },
  llama: {
    family: 'decoder',
    modelType: 'llama',
    vocabSize: 640,
    hiddenSize: 32,
    numLayers: 2,
    numHeads: 4,
    numKvHeads: 2,
    intermediateSize: 64,
    maxPositions: 128,
    typeVocabSize: 0,
    hiddenAct: 'silu',
    normEps: 1e-6,
    ropeTheta: 10000,
    tieWordEmbeddings: false,
    positionOffset: 0,
    padTokenId: 0,
    linearBias: false,
  },
};

/** The tokenizer of a tiny kind padded to a vocabulary size (null: unpadded). */
export function tinyTokenizer(kind: TinyKind, vocabSize: number | null): TinyTokenizer {
  switch (kind) {
    case 'bert':
      return tinyWordPiece(vocabSize);
    case 'roberta':
      return tinyByteLevelBpe(vocabSize);
    case 'llama':
      return tinyByteFallbackBpe(vocabSize);
  }
}

/** The smallest vocabulary each kind's tokenizer needs. */
export function tinyMinVocab(kind: TinyKind): number {
  return tinyTokenizer(kind, null).baseSize;
}

/** mulberry32: a small, fast, seeded 32-bit PRNG with uniform output in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box–Muller from a uniform source. */
function normalSource(uniform: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

type Init = { kind: 'normal'; mean: number; std: number };

/** Collects tensor specs, then fills them in name order from one seeded stream. */
class TensorPlan {
  private readonly specs = new Map<string, { shape: number[]; init: Init }>();

  linear(name: string, out: number, inDim: number, bias: boolean): void {
    this.specs.set(`${name}.weight`, { shape: [out, inDim], init: { kind: 'normal', mean: 0, std: 1 / Math.sqrt(inDim) } });
    if (bias) this.specs.set(`${name}.bias`, { shape: [out], init: { kind: 'normal', mean: 0, std: 0.1 } });
  }

  embedding(name: string, rows: number, dim: number): void {
    this.specs.set(`${name}.weight`, { shape: [rows, dim], init: { kind: 'normal', mean: 0, std: 1 } });
  }

  norm(name: string, dim: number, bias: boolean): void {
    this.specs.set(`${name}.weight`, { shape: [dim], init: { kind: 'normal', mean: 1, std: 0.1 } });
    if (bias) this.specs.set(`${name}.bias`, { shape: [dim], init: { kind: 'normal', mean: 0, std: 0.1 } });
  }

  /** How many values the plan holds (its parameter count). */
  size(): number {
    let n = 0;
    for (const { shape } of this.specs.values()) n += shape.reduce((a, b) => a * b, 1);
    return n;
  }

  /** Fills `out` in name order, pausing (yield) after every `FILL_CHUNK` values. */
  *filling(seed: number, out: TensorMap): Generator<void, void, void> {
    const normal = normalSource(mulberry32(seed));
    for (const name of [...this.specs.keys()].sort()) {
      const { shape, init } = this.specs.get(name)!;
      const data = new Float32Array(shape.reduce((a, b) => a * b, 1));
      out.set(name, { shape, data });
      for (let start = 0; start < data.length; start += FILL_CHUNK) {
        const end = Math.min(data.length, start + FILL_CHUNK);
        for (let i = start; i < end; i++) data[i] = init.mean + init.std * normal();
        yield;
      }
    }
  }
}

/**
 * Values filled between two pauses of an asynchronous fill (about 20 ms on a loaded core): a large
 * model takes seconds to fill, and a stop (SIGTERM) must not wait for it.
 */
const FILL_CHUNK = 1 << 18;

/** Fills `plan` at once. */
function fillNow(plan: TensorPlan, seed: number): TensorMap {
  const out: TensorMap = new Map();
  const steps = plan.filling(seed, out);
  while (steps.next().done !== true);
  return out;
}

/** Fills `plan`, letting the event loop run between chunks and giving up with `stop`'s reason once it is aborted. */
async function fillPausing(plan: TensorPlan, seed: number, stop: AbortSignal): Promise<TensorMap> {
  const out: TensorMap = new Map();
  const steps = plan.filling(seed, out);
  do {
    stop.throwIfAborted();
    await new Promise<void>((resolve) => setImmediate(resolve));
  } while (steps.next().done !== true);
  return out;
}

function encoderPlan(arch: ArchConfig): TensorPlan {
  const plan = new TensorPlan();
  const H = arch.hiddenSize;
  plan.embedding('embeddings.word_embeddings', arch.vocabSize, H);
  plan.embedding('embeddings.position_embeddings', arch.maxPositions, H);
  plan.embedding('embeddings.token_type_embeddings', Math.max(1, arch.typeVocabSize), H);
  plan.norm('embeddings.LayerNorm', H, true);
  for (let l = 0; l < arch.numLayers; l++) {
    const p = `encoder.layer.${l}.`;
    for (const proj of ['query', 'key', 'value']) plan.linear(`${p}attention.self.${proj}`, H, H, true);
    plan.linear(`${p}attention.output.dense`, H, H, true);
    plan.norm(`${p}attention.output.LayerNorm`, H, true);
    plan.linear(`${p}intermediate.dense`, arch.intermediateSize, H, true);
    plan.linear(`${p}output.dense`, H, arch.intermediateSize, true);
    plan.norm(`${p}output.LayerNorm`, H, true);
  }
  plan.linear('pooler.dense', H, H, true);
  return plan;
}

function decoderPlan(arch: ArchConfig): TensorPlan {
  const plan = new TensorPlan();
  const H = arch.hiddenSize;
  const kvDim = (H / arch.numHeads) * arch.numKvHeads;
  const bias = arch.linearBias;
  plan.embedding('model.embed_tokens', arch.vocabSize, H);
  for (let l = 0; l < arch.numLayers; l++) {
    const p = `model.layers.${l}.`;
    plan.norm(`${p}input_layernorm`, H, false);
    plan.linear(`${p}self_attn.q_proj`, H, H, bias);
    plan.linear(`${p}self_attn.k_proj`, kvDim, H, bias);
    plan.linear(`${p}self_attn.v_proj`, kvDim, H, bias);
    plan.linear(`${p}self_attn.o_proj`, H, H, bias);
    plan.norm(`${p}post_attention_layernorm`, H, false);
    plan.linear(`${p}mlp.gate_proj`, arch.intermediateSize, H, bias);
    plan.linear(`${p}mlp.up_proj`, arch.intermediateSize, H, bias);
    plan.linear(`${p}mlp.down_proj`, H, arch.intermediateSize, bias);
  }
  plan.norm('model.norm', H, false);
  if (!arch.tieWordEmbeddings) plan.linear('lm_head', arch.vocabSize, H, false);
  return plan;
}

/** `TINY_DEFAULTS[kind]` with `overrides` on top (as a suite's inline `arch` gives them). */
export function tinyArch(kind: TinyKind, overrides: Partial<ArchConfig> = {}): ArchConfig {
  return { ...TINY_DEFAULTS[kind], ...overrides, modelType: kind, family: kind === 'llama' ? 'decoder' : 'encoder' };
}

/** What a tiny model is before its weights are filled: its tensors to draw, config.json and tokenizer.json. */
function tinyModelParts(kind: TinyKind, seed: number, overrides: Partial<ArchConfig>): { plan: TensorPlan; config: Record<string, unknown>; tokenizer: Record<string, unknown> } {
  const arch = tinyArch(kind, overrides);
  const minVocab = tinyMinVocab(kind);
  if (arch.vocabSize < minVocab) throw new UserError(msg.tinyVocabTooSmall(kind, arch.vocabSize, minVocab));
  const tokenizer = tinyTokenizer(kind, arch.vocabSize);
  const withPad = { ...arch, padTokenId: tokenizer.padTokenId };
  const plan = kind === 'llama' ? decoderPlan(withPad) : encoderPlan(withPad);
  const special = {
    ...(tokenizer.bosTokenId === undefined ? {} : { bosTokenId: tokenizer.bosTokenId }),
    ...(tokenizer.eosTokenId === undefined ? {} : { eosTokenId: tokenizer.eosTokenId }),
  };
  return { plan, config: { ...archToHfConfig(withPad, special), reftbench_source: `tiny:${kind}@${seed}` }, tokenizer: tokenizer.json };
}

/** The directory contents of a tiny model: config.json, weights and tokenizer.json. */
export function generateTinyModel(kind: TinyKind, seed: number, overrides: Partial<ArchConfig> = {}): HfDirContents {
  const { plan, config, tokenizer } = tinyModelParts(kind, seed, overrides);
  return { config, tensors: fillNow(plan, seed), tokenizer };
}

/** The parameter count of the tiny model `generateTinyModel` would write, without drawing it. */
export function tinyModelSize(kind: TinyKind, overrides: Partial<ArchConfig> = {}): number {
  return tinyModelParts(kind, 0, overrides).plan.size();
}

/**
 * `generateTinyModel`'s same bytes, drawn in chunks with the event loop running between them, so a
 * signal handler runs during a large model's seconds of drawing; once `stop` is aborted it throws
 * `stop.reason` within one chunk and keeps nothing.
 */
export async function generateTinyModelStoppable(kind: TinyKind, seed: number, overrides: Partial<ArchConfig>, stop: AbortSignal): Promise<HfDirContents> {
  const { plan, config, tokenizer } = tinyModelParts(kind, seed, overrides);
  return { config, tensors: await fillPausing(plan, seed, stop), tokenizer };
}
