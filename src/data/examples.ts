/**
 * The in-memory shapes of task data, before tokenization: what a loader returns and what the split
 * protocol cuts. One example kind per task kind.
 */

/** What a task asks a model to do. */
export type TaskKind = 'classification' | 'regression' | 'causal_lm';

/** A single sentence or a sentence pair with a class index (classification) or a score (regression). */
export interface TextExample {
  text: string;
  /** Second sentence of a pair task (MRPC, RTE, ...); absent for single-sentence tasks. */
  textPair?: string;
  /** Class index in [0, numLabels) for classification; a real score for regression. */
  label: number;
}

/** A prompt and the response a causal language model should continue it with. */
export interface CausalLmExample {
  prompt: string;
  response: string;
}

/** Examples of one task, tagged with their kind so code can narrow on it. */
export type ExampleSet =
  | { kind: 'classification'; labelNames: readonly string[]; examples: TextExample[] }
  | { kind: 'regression'; examples: TextExample[] }
  | { kind: 'causal_lm'; examples: CausalLmExample[] };
