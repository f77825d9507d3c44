/**
 * Parameter counts of the frozen base model, derived from an ArchConfig alone: embeddings, one
 * transformer block, the shape of every linear layer a method can target, the bias count BitFit
 * trains, and the task head. Conventions (BERT/RoBERTa post-LN blocks with biases, LLaMA pre-RMSNorm
 * blocks with SwiGLU) follow transformers' modeling files.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { TargetModule } from '../types/run-spec.ts';

export type { TargetModule };

/** Width of the key/value projections (smaller than hiddenSize under grouped-query attention). */
export function kvWidth(arch: ArchConfig): number {
  return (arch.hiddenSize / arch.numHeads) * arch.numKvHeads;
}

/** Input and output width of each linear layer inside a block. */
export interface LinearShape {
  dIn: number;
  dOut: number;
}

/** The linear layers a block of this architecture has (encoders have no gate). */
export function blockTargets(arch: ArchConfig): TargetModule[] {
  return arch.modelType === 'llama'
    ? ['query', 'key', 'value', 'output', 'gate', 'up', 'down']
    : ['query', 'key', 'value', 'output', 'up', 'down'];
}

/** Shape of one linear layer of a block; undefined when the architecture has no such layer. */
export function linearShape(arch: ArchConfig, target: TargetModule): LinearShape | undefined {
  const d = arch.hiddenSize;
  const i = arch.intermediateSize;
  switch (target) {
    case 'query':
    case 'output':
      return { dIn: d, dOut: d };
    case 'key':
    case 'value':
      return { dIn: d, dOut: kvWidth(arch) };
    case 'up':
      return { dIn: d, dOut: i };
    case 'gate':
      return arch.modelType === 'llama' ? { dIn: d, dOut: i } : undefined;
    case 'down':
      return { dIn: i, dOut: d };
  }
}

/** Biases of a block's linear layers (0 for architectures without linear biases). */
export function blockLinearBiasParams(arch: ArchConfig): number {
  if (!arch.linearBias) return 0;
  return blockTargets(arch).reduce((sum, t) => sum + (linearShape(arch, t)?.dOut ?? 0), 0);
}

/** Norm parameters of a block: two LayerNorms with weight and bias (encoders), two RMSNorm weights (LLaMA). */
export function blockNormParams(arch: ArchConfig): number {
  return (arch.modelType === 'llama' ? 2 : 4) * arch.hiddenSize;
}

/** Bias parameters of one block, as BitFit trains them: linear biases plus LayerNorm biases (encoders). */
export function blockBiasParams(arch: ArchConfig): number {
  return blockLinearBiasParams(arch) + (arch.modelType === 'llama' ? 0 : 2 * arch.hiddenSize);
}

/** Weights of a block's linear layers (no biases). */
export function blockMatmulParams(arch: ArchConfig): number {
  return blockTargets(arch).reduce((sum, t) => {
    const s = linearShape(arch, t);
    return s === undefined ? sum : sum + s.dIn * s.dOut;
  }, 0);
}

/** All parameters of one transformer block (linear weights and biases, norms). */
export function blockParams(arch: ArchConfig): number {
  return blockMatmulParams(arch) + blockLinearBiasParams(arch) + blockNormParams(arch);
}

/** Embedding parameters: token, position and token-type tables plus the embedding LayerNorm (encoders). */
export function embeddingParams(arch: ArchConfig): number {
  const d = arch.hiddenSize;
  if (arch.modelType === 'llama') return arch.vocabSize * d;
  return (arch.vocabSize + arch.maxPositions + arch.typeVocabSize) * d + 2 * d;
}

/** Bias parameters of the embeddings (the encoder embedding LayerNorm). */
export function embeddingBiasParams(arch: ArchConfig): number {
  return arch.modelType === 'llama' ? 0 : arch.hiddenSize;
}

/** Parameters after the last block that belong to the base model: final RMSNorm and an untied LM head. */
export function finalParams(arch: ArchConfig): number {
  if (arch.family !== 'decoder') return 0;
  return arch.hiddenSize + (arch.tieWordEmbeddings ? 0 : arch.vocabSize * arch.hiddenSize);
}

/**
 * Base-model parameters: the ReFT paper's denominator. Embeddings, every block and, for decoders,
 * the final norm and LM head. Encoders count no pooler: it belongs to the task head.
 */
export function baseModelParams(arch: ArchConfig): number {
  return embeddingParams(arch) + arch.numLayers * blockParams(arch) + finalParams(arch);
}

/** Non-embedding parameters of the base model (what the FLOPs model calls N). */
export function nonEmbeddingParams(arch: ArchConfig): number {
  return arch.numLayers * blockParams(arch) + finalParams(arch);
}

/** Task-head kinds: encoders get a classification/regression head, decoders use their LM head. */
export type HeadKind = 'classification' | 'regression' | 'causal_lm';

/**
 * Trainable task-head parameters, shared by all methods and excluded from the paper's %:
 * dense d×d (+d) then out d×k (+k) — RoBERTa's classification head and BERT's pooler + classifier
 * have the same count. Causal LM tasks reuse the base model's LM head: 0.
 */
export function headParams(arch: ArchConfig, head: HeadKind, numLabels: number): number {
  if (head === 'causal_lm') return 0;
  const d = arch.hiddenSize;
  const k = head === 'regression' ? 1 : numLabels;
  return d * d + d + d * k + k;
}

/** Weights the FLOPs model multiplies per token in the task head (LM head for decoders). */
export function headMatmulParams(arch: ArchConfig, head: HeadKind, numLabels: number): number {
  return head === 'causal_lm' ? arch.vocabSize * arch.hiddenSize : headParams(arch, head, numLabels);
}
