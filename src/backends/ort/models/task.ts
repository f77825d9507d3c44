/**
 * What the model graph is trained for: sequence classification and regression (encoders, on the
 * first token as HF does) or causal language modelling on masked labels (decoders).
 */
export type TaskSpec =
  | { kind: 'classification'; numLabels: number }
  | { kind: 'regression' }
  | { kind: 'causal-lm' };

/** The symbolic outputs every model graph provides. */
export interface ModelOutputs {
  loss: import('../graph/types.ts').Tensor;
  logits: import('../graph/types.ts').Tensor;
}

/** Large negative additive bias for masked attention scores (exp underflows to exactly 0 in float32). */
export const MASKED_SCORE = -1e9;
