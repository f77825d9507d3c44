/**
 * The method interface of the `ort` engine: what a fine-tuning method may do to a model graph.
 * A method (1) picks which base weights become trainable, (2) may add its own trainable
 * parameters through the build context, and (3) may rewrite the forward graph at fixed sites:
 * the input embeddings, any linear projection (weight and bias), and the residual stream after a
 * layer (a hidden state at chosen positions is selected inside the hook with the batch's masks).
 * Full fine-tuning and the frozen-base linear probe in this folder are the first two methods;
 * the ReFT family and weight-based PEFT plug in the same way.
 */
import type { Graph } from '../graph/graph.ts';
import type { Tensor } from '../graph/types.ts';
import type { Rng } from '../train/prng.ts';

/** A linear projection of the base model, by its HF module name (`encoder.layer.3.attention.self.query`). */
export interface LinearSite {
  module: string;
  layer: number | undefined;
  /** Short role: query, key, value, attn_out, ffn_in, ffn_out, q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, pooler, head. */
  role: string;
  inFeatures: number;
  outFeatures: number;
}

/** What hooks can reach while the graph is built. */
export interface BuildContext {
  readonly g: Graph;
  /** Whether this is the training graph (dropout active) or the eval graph. */
  readonly training: boolean;
  /** Batch size and sequence length of the graph (virtual tokens included). */
  readonly batch: number;
  readonly seqLen: number;
  /** Virtual tokens prepended by the method (0 for all but prompt tuning). */
  readonly virtualTokens: number;
  /** The attention mask [B, S] (1 = token, 0 = padding), as float, virtual tokens (ones) first. */
  readonly attentionMask: Tensor;
  /**
   * Declares a trainable parameter of the method, initialised with `init` (owned by the engine
   * afterwards). AdamW's weight decay applies unless `options.decay` is false.
   */
  param(name: string, shape: readonly number[], init: Float32Array, options?: { decay?: boolean }): Tensor;
  /**
   * Declares a fixed tensor of the method (never trained, no gradient), e.g. the base of ReFT's
   * orthogonal parametrization: fed each step from one host copy, which `Engine.buffer` reads and sets.
   */
  buffer(name: string, shape: readonly number[], init: Float32Array): Tensor;
  /** Applies inverted dropout with probability `p` (a seeded mask fed each step; identity in eval). */
  dropout(name: string, x: Tensor, p: number): Tensor;
  /** A seeded generator for initialising the method parameter `name` (forked from the engine's seed). */
  initRng(name: string): Rng;
  /** Host value of a base-model weight by normalised HF name (for initialisations that depend on it, e.g. DoRA's magnitude). */
  weightValue(name: string): Float32Array;
}

export interface MethodHooks {
  /**
   * The token embeddings [B, S_in, H] of the batch's ids, before position and token-type embeddings
   * are added. A method with `virtualTokens` = P returns [B, P + S_in, H] (prompt tuning).
   */
  inputEmbeddings?(ctx: BuildContext, words: Tensor): Tensor;
  /** The summed input embeddings [B, S, H] before the first layer. */
  embeddings?(ctx: BuildContext, h: Tensor): Tensor;
  /** Replaces y = x·Wᵀ + b; `base` computes the unmodified projection for any input. */
  linear?(ctx: BuildContext, site: LinearSite, x: Tensor, weight: Tensor, bias: Tensor | undefined, base: (x: Tensor) => Tensor): Tensor;
  /** The residual stream [B, S, H] after layer `layer` (the block output). */
  blockOutput?(ctx: BuildContext, layer: number, h: Tensor): Tensor;
}

export interface EngineMethod {
  readonly kind: string;
  /** Whether a base-model weight (HF name, normalised) is trained. */
  trainsBaseWeight(name: string): boolean;
  /** Whether the task head (classifier / regression head) is trained; LM heads count as base weights. */
  readonly trainsHead: boolean;
  readonly hooks: MethodHooks;
  /**
   * Virtual tokens the method prepends to every sequence (prompt tuning). The model then runs on
   * S = P + S_in positions with the attention mask extended by ones, encoder heads read position P
   * (the first real token) and decoder logits and labels cover the real positions only.
   */
  readonly virtualTokens?: number;
  /**
   * Runs after every optimizer step on the engine's live parameter buffers (keyed by full name,
   * `method.<name>` for method parameters), e.g. to project parameters back onto a constraint set.
   */
  afterStep?(params: ReadonlyMap<string, { readonly value: Float32Array }>): void;
}
