/**
 * GENERATED from schemas/suite.schema.json by scripts/gen-types.ts (npm run gen:types).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file drifts.
 */

/**
 * Letters, digits, '.', '_' and '-', at most 48 (ids become file names: <model>.<task>.<method>.<trial or seed>.<hash>.json must fit a file system's 255 bytes with room for a temporary name). ASCII only, so no control or bidirectional character can reach a file name or a report.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "Id".
 */
export type Id = string;
/**
 * A split as the data source ships it (GLUE: train and validation, i.e. GLUE's dev set).
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "SourceSplit".
 */
export type SourceSplit = 'train' | 'validation' | 'test';
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "ComputeRuleName".
 */
export type ComputeRuleName = 'steps' | 'epochs' | 'tokens' | 'flops' | 'seconds';
/**
 * Several budgets, ascending: the plan repeats the protocol once per budget (each one a level of the ladder).
 *
 * @minItems 2
 * @maxItems 16
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "ComputeLadder".
 */
export type ComputeLadder = number[];
/**
 * This interface was referenced by `Suite`'s JSON-Schema
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
 * A fixed integer, a list of choices, or a range.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "IntSpace".
 */
export type IntSpace = number | number[] | IntRange;
/**
 * all, top<n>, bottom<n>, or 0-based indices separated by ';' (pyreft's notation, e.g. 3;9;18;24).
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "LayerSelection".
 */
export type LayerSelection = string;
/**
 * First n (f<n>), last n (l<n>) or both (f<n>+l<n>) prompt positions.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "Positions".
 */
export type Positions = string;
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "BoolSpace".
 */
export type BoolSpace = boolean | boolean[];
/**
 * A fixed number, a list of choices, or a range.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "NumberSpace".
 */
export type NumberSpace = number | number[] | NumberRange;
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "Activation".
 */
export type Activation = 'identity' | 'relu' | 'gelu' | 'silu' | 'tanh';
/**
 * Linear layers adapted per block: a comma list of query, key, value, output, up, gate, down; or all-linear, attention (query,key,value,output), ffn (up,gate,down).
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "Targets".
 */
export type Targets = string;
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "Schedule".
 */
export type Schedule = 'linear' | 'cosine' | 'constant';

/**
 * A reftbench suite: which models, tasks and methods to compare, under which parameter, compute and tuning budgets. Files start with "$schema": "../schemas/suite.schema.json".
 */
export interface Suite {
  /**
   * Path or URL of this schema, so editors complete the file.
   */
  $schema: string;
  /**
   * Suite name, at most 64 characters; results go to results/<name>/.
   */
  name: string;
  description?: string;
  /**
   * @minItems 1
   */
  models: SuiteModel[];
  /**
   * @minItems 1
   */
  tasks: SuiteTask[];
  /**
   * @minItems 1
   */
  methods: SuiteMethod[];
  training?: TrainingDefaults;
  budget: Budget;
  tuning: Tuning;
  /**
   * Seeds of the final runs: the selected configuration of each method is rerun once per seed and scored on test.
   *
   * @minItems 1
   */
  seeds: number[];
  backend?: BackendPreference;
  report?: ReportOptions;
  executor?: ExecutorSettings;
}
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "SuiteModel".
 */
export interface SuiteModel {
  id: Id;
  /**
   * hf:<repo>@<revision> (the Hugging Face hub), a local HF-format directory (starting with ./, ../, / or ~), or tiny:<llama|bert|roberta>@<seed> (a generated tiny model; needs arch).
   */
  source: string;
  /**
   * encoder: classification/regression tasks; decoder: causal LM tasks.
   */
  family: 'encoder' | 'decoder';
  dtype?: 'float32' | 'float16' | 'bfloat16';
  /**
   * Name of an architecture preset in src/models/presets.ts (e.g. roberta-base), so the planner can count without downloading.
   */
  preset?: string;
  arch?: ArchOverrides;
}
/**
 * Architecture fields (as in src/models/arch.ts) given inline: a full description for tiny:* models, or overrides on top of a preset.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "ArchOverrides".
 */
export interface ArchOverrides {
  family?: 'encoder' | 'decoder';
  modelType?: 'bert' | 'roberta' | 'llama';
  vocabSize?: number;
  hiddenSize?: number;
  numLayers?: number;
  numHeads?: number;
  numKvHeads?: number;
  intermediateSize?: number;
  maxPositions?: number;
  typeVocabSize?: number;
  hiddenAct?: 'gelu' | 'gelu_new' | 'relu' | 'silu';
  normEps?: number;
  ropeTheta?: number;
  tieWordEmbeddings?: boolean;
  positionOffset?: number;
  padTokenId?: number;
  linearBias?: boolean;
}
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "SuiteTask".
 */
export interface SuiteTask {
  id: Id;
  /**
   * glue/<task> with <task> one of cola, sst2, mrpc, stsb, qqp, mnli, qnli, rte, in lower case (GLUE from the data directory or the hub; WNLI is not supported), jsonl:<directory with train.jsonl, validation.jsonl, test.jsonl>, or synthetic:<generator>@<seed>.
   */
  source: string;
  type: 'classification' | 'regression' | 'causal_lm';
  /**
   * Classes (classification only).
   */
  numLabels?: number;
  /**
   * @minItems 1
   */
  metrics: SuiteMetric[];
  /**
   * Maximum sequence length in tokens.
   */
  maxLength: number;
  split: SplitProtocol;
  generation?: Generation;
  compute?: ComputeRule;
  /**
   * Examples per source split. Synthetic tasks: how many to generate. Other sources: the known sizes, which the planner needs for an epochs rule.
   */
  examples?: {
    train?: number;
    validation?: number;
    test?: number;
  };
}
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "SuiteMetric".
 */
export interface SuiteMetric {
  name:
    'accuracy' | 'f1' | 'matthews' | 'pearson' | 'spearman' | 'mse' | 'loss' | 'perplexity' | 'exact_match';
  direction: 'max' | 'min';
}
/**
 * Which data trains, which selects (dev) and which scores the final runs (test). Selection always uses dev; test is only read by final runs.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "SplitProtocol".
 */
export interface SplitProtocol {
  train: {
    of: 'train';
    /**
     * Use at most this many training examples (after carving dev).
     */
    limit?: number;
  };
  dev: {
    of: 'train' | 'validation';
    size?: number;
    fraction?: number;
    seed?: number;
  };
  test: SplitPart;
}
/**
 * Where a role's examples come from. A part with size or fraction is carved (seeded) out of its source split; a part without takes what is left of it.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "SplitPart".
 */
export interface SplitPart {
  of: SourceSplit;
  /**
   * Carve exactly this many examples.
   */
  size?: number;
  /**
   * Carve this fraction of the source split.
   */
  fraction?: number;
  /**
   * Seed of the carving shuffle (default 0).
   */
  seed?: number;
}
/**
 * Causal LM: how answers are generated and compared for exact_match. Greedy decoding from the prompt, at most maxNewTokens new tokens (prompt plus generated tokens stay within the task's maxLength), stopping at the tokenizer's end-of-sequence token; the same extraction rule is applied to the generated text and to the reference response, and an example matches when both give the same non-empty answer.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
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
 * How much compute each run gets. Either an amount of the rule's unit, or match: the amount that method spends under its own rule (e.g. every method gets the FLOPs lora spends in 3 epochs). A ladder (amounts, or match.amounts) repeats the whole protocol — trials, selection on dev, final seeds — once per amount, so the report can draw score against spent compute. As budget.compute it applies to every task; as a task's compute it replaces budget.compute for that task (e.g. the ReFT paper trains each GLUE task for its own number of epochs).
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "ComputeRule".
 */
export interface ComputeRule {
  rule: ComputeRuleName;
  amount?: number;
  amounts?: ComputeLadder;
  match?: {
    method: Id;
    rule: 'steps' | 'epochs' | 'tokens' | 'flops';
    amount?: number;
    amounts?: ComputeLadder;
  };
}
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "SuiteMethod".
 */
export interface SuiteMethod {
  id: Id;
  kind: MethodKind;
  search?: SearchSpace;
}
/**
 * The hyperparameters a method is tuned over. Each is a fixed value, a list of choices, or (numbers) a range; unset ones take the method's default or the suite's training defaults.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "SearchSpace".
 */
export interface SearchSpace {
  rank?: IntSpace;
  layers?: LayerSelection | LayerSelection[];
  positions?: Positions | Positions[];
  tied?: BoolSpace;
  dropout?: NumberSpace;
  act?: Activation | Activation[];
  alpha?: NumberSpace;
  targets?: Targets | Targets[];
  rslora?: BoolSpace;
  promptTokens?: IntSpace;
  adapterSize?: IntSpace;
  adapterStyle?: ('houlsby' | 'pfeiffer') | ('houlsby' | 'pfeiffer')[];
  lr?: NumberSpace;
  weightDecay?: NumberSpace;
  warmupRatio?: NumberSpace;
  batchSize?: IntSpace;
  schedule?: Schedule | Schedule[];
}
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "IntRange".
 */
export interface IntRange {
  min: number;
  max: number;
  scale?: 'linear' | 'log';
  /**
   * Points taken from the range by a grid search (required for grid).
   */
  gridPoints?: number;
}
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "NumberRange".
 */
export interface NumberRange {
  min: number;
  max: number;
  scale?: 'linear' | 'log';
  /**
   * Points taken from the range by a grid search (required for grid).
   */
  gridPoints?: number;
}
/**
 * Training settings every method starts from; a method's search space overrides lr, weightDecay, warmupRatio, batchSize and schedule.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "TrainingDefaults".
 */
export interface TrainingDefaults {
  batchSize?: number;
  evalBatchSize?: number;
  lr?: number;
  weightDecay?: number;
  warmupRatio?: number;
  schedule?: Schedule;
  maxGradNorm?: number;
  /**
   * @minItems 2
   * @maxItems 2
   */
  betas?: number[];
  eps?: number;
  evalEvery?: number;
  dropout?: ModelDropout;
  /**
   * What the short last batch of each epoch becomes: keep (a step of its own, HF Trainer's default), drop (skipped, dataloader_drop_last), fill (no epoch boundary: it is filled from the next epoch). Both backends train the same batch schedule.
   */
  lastBatch?: 'keep' | 'drop' | 'fill';
  /**
   * Batch examples of similar length together (HF Trainer's group_by_length): each epoch's seeded order is cut into mega-batches of 50 batches sorted by length, so batches pad less.
   */
  groupByLength?: boolean;
}
/**
 * Dropout of the frozen base model and the task head while training, the same for every method (a model's own config.json dropout is not used, so every method and both backends train under the same regularisation); absent fields, or the whole object absent, mean 0. Copied into each run spec's dropout. A method's own dropout (LoRA's, ReFT's on the intervened output) is its dropout hyperparameter instead.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "ModelDropout".
 */
export interface ModelDropout {
  /**
   * Encoders only (BERT/RoBERTa hidden_dropout_prob): on the embeddings' output and on each attention and FFN output before its residual add. LLaMA blocks have none, so a suite with a decoder model must leave it 0.
   */
  hidden?: number;
  /**
   * The shared classification/regression head's dropout, before its dense layer and before its output layer (unused by causal_lm).
   */
  head?: number;
}
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "Budget".
 */
export interface Budget {
  params?: ParamBudget;
  compute: ComputeRule;
}
/**
 * Largest trainable-parameter count a method may use (classification head excluded): an absolute count or a percentage of the base model.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "ParamBudget".
 */
export interface ParamBudget {
  maxCount?: number;
  maxPercent?: number;
}
/**
 * How configurations are chosen: every method gets the same number of trials, scored on dev. Test is never used for selection.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "Tuning".
 */
export interface Tuning {
  strategy: 'grid' | 'random';
  /**
   * Trials per method and model × task (the same for every method).
   */
  trials: number;
  /**
   * Seed of the random sampler (and of trial runs).
   */
  seed?: number;
  select: {
    /**
     * Always dev: selecting on test is not allowed.
     */
    split: 'dev';
    /**
     * Dev metric trials are ranked by; every task must report it. Default: each task's first metric.
     */
    metric?:
      'accuracy' | 'f1' | 'matthews' | 'pearson' | 'spearman' | 'mse' | 'loss' | 'perplexity' | 'exact_match';
  };
  /**
   * Per-method trial counts. Allowed only if every method gets the same count (kept so that a mismatch is reported rather than silently ignored).
   */
  perMethod?: {
    [k: string]: number | undefined;
  };
}
/**
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "BackendPreference".
 */
export interface BackendPreference {
  prefer?: 'ort' | 'torch' | 'auto';
  threads?: number;
  deterministic?: boolean;
  device?: string;
  /**
   * Where each run's initial trainable values come from: each backend's own seeded initialisation (backend), or the ort engine's on both backends (ort: the torch worker starts from the values the ort engine would start from, written to a file in the worker's naming), so a suite run on the CPU and on a GPU starts every run from the same values.
   */
  initialValues?: 'backend' | 'ort';
}
/**
 * What `reftbench report` writes and how it computes its statistics, and the rule `reftbench check` applies. The runner copies this block into every result (reportOptions), so the report made from the results honours it; command-line flags override it.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "ReportOptions".
 */
export interface ReportOptions {
  /**
   * Files of the report bundle: json (report.json), markdown (README.md), csv (tables/*.csv), latex (tables/*.tex), html (index.html). Default: all.
   */
  formats?: ('json' | 'markdown' | 'csv' | 'latex' | 'html')[];
  /**
   * Chart files (charts/<name>.svg|png|pdf|vl.json; the PDF is for a LaTeX paper's \includegraphics). Default: all. index.html inlines its charts whatever this says.
   */
  charts?: ('svg' | 'png' | 'pdf' | 'vl.json')[];
  /**
   * Two-sided confidence level of every interval.
   */
  confidence?: number;
  /**
   * Bootstrap resamples for confidence intervals (100 to 100,000, as reftbench report --resamples takes).
   */
  bootstrap?: number;
  /**
   * Letters, digits, '.', '_' and '-', at most 48 (ids become file names: <model>.<task>.<method>.<trial or seed>.<hash>.json must fit a file system's 255 bytes with room for a temporary name). ASCII only, so no control or bidirectional character can reach a file name or a report.
   */
  baseline?: string;
  check?: CheckRule;
}
/**
 * When `reftbench check` calls a value a regression (the command line's --abs/--rel/--ci win). Default: ci.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "CheckRule".
 */
export interface CheckRule {
  /**
   * abs: worse than the baseline by more than tolerance; rel: worse by more than tolerance × |baseline|; ci: outside the baseline's confidence interval.
   */
  rule: 'abs' | 'rel' | 'ci';
  /**
   * For abs and rel (default 0).
   */
  tolerance?: number;
}
/**
 * Where `reftbench run` executes the runs (docs/cluster.md) when the command line does not say: --executor, --jobs, --gpus, --partition, --gres, --time, --account, --sbatch-arg and --max-parallel each win over the field of the same name (any --sbatch-arg replaces sbatchArgs), and --executor picks the kind (the other kind's fields are then not used). Part of no run id and of no result: where runs execute never changes what they compute. A block holds the fields of its kind only: jobs and gpus for local, the others for slurm.
 *
 * This interface was referenced by `Suite`'s JSON-Schema
 * via the `definition` "ExecutorSettings".
 */
export interface ExecutorSettings {
  /**
   * local: this machine (workers per core share or per GPU); slurm: one job array per phase on a Slurm cluster (--executor).
   */
  kind?: 'local' | 'slurm';
  /**
   * local: runs at once (--jobs); at most the GPUs given with gpus.
   */
  jobs?: number;
  /**
   * `all` or GPU ids separated by commas, e.g. 0,2 (local, torch backend: one worker per GPU; --gpus)
   */
  gpus?: string;
  /**
   * a Slurm name: letters, digits and _ . : , = + - / (slurm: the partition, --partition)
   */
  partition?: string;
  /**
   * a Slurm name: letters, digits and _ . : , = + - /, e.g. gpu:1 (slurm: generic resources of each task, --gres)
   */
  gres?: string;
  /**
   * HH:MM:SS or D-HH:MM:SS (slurm: each array task's time limit, --time)
   */
  time?: string;
  /**
   * a Slurm name: letters, digits and _ . : , = + - / (slurm: the account charged, --account)
   */
  account?: string;
  /**
   * slurm: extra sbatch options, one #SBATCH line each (--sbatch-arg).
   *
   * Items: one sbatch option on one line, starting with a dash, e.g. --mem=8G (slurm: an #SBATCH line, --sbatch-arg)
   */
  sbatchArgs?: string[];
  /**
   * slurm: array tasks running at once, the %N of --array (--max-parallel).
   */
  maxParallel?: number;
}
