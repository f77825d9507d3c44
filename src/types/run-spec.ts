/**
 * GENERATED from schemas/run-spec.schema.json by scripts/gen-types.ts (npm run gen:types).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file drifts.
 */

/**
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "MethodKind".
 */
export type MethodKind =
  | 'loreft'
  | 'noreft'
  | 'direft'
  | 'nodireft'
  | 'consreft'
  | 'lobireft'
  | 'lora'
  | 'dora'
  | 'bitfit'
  | 'full'
  | 'prompt'
  | 'ia3'
  | 'adapter'
  | 'red'
  | 'prefix'
  | 'loha'
  | 'lokr'
  | 'vera'
  | 'oft';
/**
 * A linear layer inside a transformer block: attention query/key/value/output projection, FFN up (BERT intermediate), gate (LLaMA only) and down (BERT output).
 *
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "TargetModule".
 */
export type TargetModule = 'query' | 'key' | 'value' | 'output' | 'up' | 'gate' | 'down';

/**
 * One fully resolved run that a backend (ort or torch) executes: every choice made, nothing left to sample. Built by the planner (src/plan/); data paths are filled in by the runner.
 */
export interface RunSpec {
  $schema?: string;
  /**
   * Version of this file format.
   */
  schemaVersion: 1;
  /**
   * Stable identifier of the run (a content hash of the resolved spec, see DESIGN.md); names results/<suite>/<runId>.json.
   */
  runId: string;
  suite: {
    name: string;
    /**
     * Content hash of the suite file the run was planned from.
     */
    hash: string;
  };
  /**
   * trial: a tuning run scored on dev; final: the selected configuration rerun with a seed and scored on test.
   */
  phase: 'trial' | 'final';
  /**
   * Index of the tuning trial (for a final run: the trial whose configuration was selected).
   */
  trial: number;
  /**
   * Seed for initialisation, data order and dropout.
   */
  seed: number;
  model: ModelSpec;
  task: TaskSpec;
  method: MethodSpec;
  training: TrainingSpec;
  data?: DataSpec;
  /**
   * Optional path to a safetensors file holding the initial trainable parameters (method, task head, and the trained base weights of full/bitfit) in the torch worker's naming (docs/parity.md); both backends start from these values instead of their seeded initialisation, so they start from the same point (parity tests).
   */
  initParams?: string;
  dropout?: ModelDropout;
  backend: BackendSpec;
  accounting?: Accounting;
}
/**
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "ModelSpec".
 */
export interface ModelSpec {
  id: string;
  /**
   * Where the weights are: an absolute local HF-format directory, hf:<repo>@<revision> (the runner downloads it and passes the backend the local directory), or tiny:<bert|roberta|llama>@<seed> (generated from arch; src/models/tiny-cache.ts).
   */
  source: string;
  family: 'encoder' | 'decoder';
  dtype: 'float32' | 'float16' | 'bfloat16';
  arch: ArchConfig;
}
/**
 * Architecture facts of a model; mirrors ArchConfig in src/models/arch.ts.
 *
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "ArchConfig".
 */
export interface ArchConfig {
  family: 'encoder' | 'decoder';
  modelType: 'bert' | 'roberta' | 'llama';
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  intermediateSize: number;
  maxPositions: number;
  typeVocabSize: number;
  hiddenAct: 'gelu' | 'gelu_new' | 'relu' | 'silu';
  normEps: number;
  ropeTheta: number;
  tieWordEmbeddings: boolean;
  positionOffset: number;
  padTokenId: number;
  linearBias: boolean;
}
/**
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "TaskSpec".
 */
export interface TaskSpec {
  id: string;
  type: 'classification' | 'regression' | 'causal_lm';
  /**
   * Classes for classification, 1 for regression, 0 for causal_lm.
   */
  numLabels: number;
  /**
   * Maximum sequence length in tokens (longer inputs are truncated).
   */
  maxLength: number;
  /**
   * @minItems 1
   */
  metrics: Metric[];
  selectionMetric: Metric;
  generation?: Generation;
  /**
   * Identity of the task's data as the suite declares it: sha256 (first 16 hex digits) of the task's source, split protocol, declared example counts and maxLength. The planner computes it without reading any data, so it is part of the run id (src/plan/run-id.ts); the tokenizer is identified by the spec's model. The runner additionally checks, on resume, that a stored result was made from the same tokenized files.
   */
  dataKey?: string;
}
/**
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "Metric".
 */
export interface Metric {
  name:
    'accuracy' | 'f1' | 'matthews' | 'pearson' | 'spearman' | 'mse' | 'loss' | 'perplexity' | 'exact_match';
  direction: 'max' | 'min';
}
/**
 * Causal LM: how answers are generated and compared for exact_match. Greedy decoding from the prompt, at most maxNewTokens new tokens (prompt plus generated tokens stay within the task's maxLength), stopping at the tokenizer's end-of-sequence token; the same extraction rule is applied to the generated text and to the reference response, and an example matches when both give the same non-empty answer.
 *
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "Generation".
 */
export interface Generation {
  /**
   * Most tokens generated per example.
   */
  maxNewTokens: number;
  /**
   * last_number: the last number in the text, commas removed, compared as a number (math); first_word: the first word, lower-cased, without surrounding punctuation; first_choice: the earliest of `choices` to occur in the text, case-insensitive (commonsense: option1, answer2, true, ...); full: the whole text, trimmed, whitespace runs as one space.
   */
  extract: 'last_number' | 'first_word' | 'first_choice' | 'full';
  /**
   * The answers first_choice looks for (required by it, unused otherwise).
   *
   * @minItems 2
   */
  choices?: string[];
}
/**
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "MethodSpec".
 */
export interface MethodSpec {
  id: string;
  kind: MethodKind;
  hparams: ResolvedHparams;
}
/**
 * The method's hyperparameters, resolved to concrete values. Only those the method kind uses are present.
 *
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "ResolvedHparams".
 */
export interface ResolvedHparams {
  /**
   * Low-rank dimension r (ReFT family, LoRA, DoRA).
   */
  rank?: number;
  /**
   * 0-based block indices the method is applied to, ascending. ReFT intervenes on the residual stream after these blocks.
   *
   * @minItems 1
   */
  layers?: number[];
  /**
   * ReFT positions: first n (f<n>), last n (l<n>) or both (f<n>+l<n>) prompt tokens.
   */
  positions?: string;
  /**
   * ReFT: one intervention per layer shared by first and last positions (pyreft share_weights).
   */
  tied?: boolean;
  dropout?: number;
  /**
   * ReFT activation on the learned source (default identity).
   */
  act?: 'identity' | 'relu' | 'gelu' | 'silu' | 'tanh';
  /**
   * LoRA/DoRA scaling numerator: scale = alpha/r (alpha/sqrt(r) with rslora).
   */
  alpha?: number;
  /**
   * LoRA/DoRA/IA3: the linear layers adapted in each selected block.
   *
   * @minItems 1
   */
  targets?: TargetModule[];
  rslora?: boolean;
  /**
   * Prompt tuning: number of virtual tokens prepended.
   */
  promptTokens?: number;
  /**
   * Bottleneck adapter: inner width.
   */
  adapterSize?: number;
  /**
   * houlsby: after attention and after FFN; pfeiffer: after FFN only.
   */
  adapterStyle?: 'houlsby' | 'pfeiffer';
}
/**
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "TrainingSpec".
 */
export interface TrainingSpec {
  /**
   * Optimizer steps, from the suite's compute rule.
   */
  steps: number;
  batchSize: number;
  evalBatchSize: number;
  lr: number;
  weightDecay: number;
  warmupRatio: number;
  schedule: 'linear' | 'cosine' | 'constant';
  /**
   * Global gradient-norm clip; 0 disables clipping.
   */
  maxGradNorm: number;
  optimizer: {
    name: 'adamw';
    /**
     * @minItems 2
     * @maxItems 2
     */
    betas: number[];
    eps: number;
  };
  /**
   * Under a seconds rule: stop training after this much wall-clock time (steps is then an upper bound).
   */
  secondsBudget?: number;
  /**
   * What the learning-rate schedule (warmupRatio, schedule) runs over. steps (absent: the same): warmup over ceil(warmupRatio · steps) steps, decay to 0 at `steps`. seconds (the planner's choice under a seconds rule; needs secondsBudget): warmup over the first warmupRatio of secondsBudget and decay to 0 at its end, from the training time elapsed before each step (src/backends/ort/train/schedule.ts).
   */
  lrClock?: 'steps' | 'seconds';
  /**
   * Evaluate on dev every n steps (0: only at the end).
   */
  evalEvery?: number;
  /**
   * Last-batch policy of the batch schedule (src/data/batch-schedule.ts): keep the short last batch of each epoch, drop it, or fill it from the next epoch.
   */
  lastBatch?: 'keep' | 'drop' | 'fill';
  /**
   * The batch schedule groups examples of similar length (absent: false).
   */
  groupByLength?: boolean;
}
/**
 * Tokenized split files produced by src/data (format owned by the data stage). test is given only to final runs.
 *
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "DataSpec".
 */
export interface DataSpec {
  train: string;
  dev: string;
  test?: string;
  /**
   * The run's batch schedule file (src/data/schedule-file.ts): the training example indices of every step, which both backends train on as they are.
   */
  schedule?: string;
}
/**
 * Dropout of the frozen base model and the task head while training, applied the same way by both backends (each draws its masks from the run's seed); absent fields, or the whole object absent, mean 0. Attention-probability dropout is always off. The method's own dropout (LoRA's on the adapter input, ReFT's on the intervened output, VeRA's) is method.hparams.dropout.
 *
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "ModelDropout".
 */
export interface ModelDropout {
  /**
   * Encoders only (BERT/RoBERTa hidden_dropout_prob): on the embeddings' output and on each attention and FFN output before its residual add. LLaMA blocks have no such dropout, so decoders must leave it 0.
   */
  hidden?: number;
  /**
   * The shared classification/regression head's dropout, before its dense layer and before its output layer (unused by causal_lm).
   */
  head?: number;
}
/**
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "BackendSpec".
 */
export interface BackendSpec {
  name: 'ort' | 'torch';
  /**
   * CPU threads (0: the backend's default).
   */
  threads: number;
  deterministic: boolean;
  /**
   * torch only: cpu, cuda, cuda:0, ...
   */
  device?: string;
  /**
   * ort: the run starts from the ort engine's seeded initial values on either backend (absent: backend, each its own).
   */
  initialValues?: 'backend' | 'ort';
}
/**
 * What the planner predicts for this run, so a backend can check its own counts against it.
 *
 * This interface was referenced by `RunSpec`'s JSON-Schema
 * via the `definition` "Accounting".
 */
export interface Accounting {
  /**
   * Trainable parameters of the method (classification head excluded).
   */
  trainableParams: number;
  /**
   * Trainable task-head parameters (shared by all methods).
   */
  headParams: number;
  /**
   * Base-model parameters (head excluded).
   */
  baseParams: number;
  /**
   * Training FLOPs of one optimizer step under the FLOPs model (forward + backward), at the mean real tokens per step of the run's batch schedule (batch × maxLength when the data was not known).
   */
  flopsPerStep: number;
  /**
   * Mean real (unpadded) training tokens per step over the run's batch schedule.
   */
  tokensPerStep?: number;
  /**
   * The compute budget every method of the cell gets, in the rule's unit (seconds rules: the wall-clock amount); results report their realised spend as a ratio of it.
   */
  budget?: {
    rule: 'steps' | 'epochs' | 'tokens' | 'flops' | 'seconds';
    amount: number;
    /**
     * The suite's match rule when the amount is what that method spends under its own rule (the amount then depends on the data).
     */
    match?: {
      method: string;
      rule: 'steps' | 'epochs' | 'tokens' | 'flops' | 'seconds';
      amount: number;
    };
    /**
     * The budget's position in the suite's compute ladder (absent when the rule has no ladder): the protocol is repeated once per level.
     */
    level?: number;
  };
}
