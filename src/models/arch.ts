/**
 * The architecture facts every stage needs about a model: the planner counts parameters and FLOPs
 * from them, the engine builds its graph from them. Parsed from an HF `config.json`
 * (`src/models/hf-config.ts`), converted from a llama2.c header, or taken from a preset.
 */
export type ArchFamily = 'encoder' | 'decoder';
export type ModelType = 'bert' | 'roberta' | 'llama';
export type HiddenAct = 'gelu' | 'gelu_new' | 'relu' | 'silu';

export interface ArchConfig {
  family: ArchFamily;
  modelType: ModelType;
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  /** Grouped-query attention: key/value heads (= numHeads without GQA). */
  numKvHeads: number;
  /** FFN inner width (BERT intermediate_size; LLaMA's SwiGLU hidden width). */
  intermediateSize: number;
  maxPositions: number;
  /** BERT token-type vocabulary (2 for BERT, 1 for RoBERTa, 0 for decoders). */
  typeVocabSize: number;
  hiddenAct: HiddenAct;
  /** LayerNorm eps (encoders) or RMSNorm eps (decoders). */
  normEps: number;
  /** RoPE base (decoders only). */
  ropeTheta: number;
  /** Output projection shares the input embedding (decoders). */
  tieWordEmbeddings: boolean;
  /** RoBERTa numbers positions from padding_idx + 1; 0 elsewhere. */
  positionOffset: number;
  padTokenId: number;
  /** Whether linear layers carry biases (BERT/RoBERTa yes, LLaMA no). */
  linearBias: boolean;
}
