/**
 * GENERATED from schemas/tokenized-split.schema.json by scripts/gen-types.ts (npm run gen:types).
 * Do not edit by hand: change the schema and regenerate. A test fails when this file drifts.
 */

/**
 * meta.json of a tokenized split: the token ids every backend (ort in TypeScript, torch in Python) reads, written once by src/data and cached under <cache>/tokenized/<key>/. The folder holds this meta.json and flat little-endian binary arrays without headers, named in `files`: ids (int32, every example's token ids back to back, special tokens included, already truncated to maxLength), offsets (int32, numExamples + 1 entries; example i is ids[offsets[i]:offsets[i+1]], offsets[0] = 0, offsets[numExamples] = totalTokens; its attention mask is that many ones), typeIds (int32, same layout as ids; present only when some type id is non-zero, else all zero), labels (classification: int32 class index per example; regression: float32 score per example; absent in test splits, whose labels only the final scoring step sees), promptLengths (causal_lm only, int32 per example: the loss covers token positions >= promptLength; absent for test prompts without references) and sourceIndices (int32 per example: its position in the source split, to map predictions back). Python: numpy.fromfile(path, dtype='<i4') / '<f4'. Padding, batching and shuffling are the backend's job.
 */
export interface TokenizedSplit {
  $schema?: string;
  format: 'reftbench-tokenized-split';
  /**
   * Version of this file layout.
   */
  version: 1;
  /**
   * Cache key: sha256 of the tokenizer fingerprint, the examples and the settings; also the folder name.
   */
  key: string;
  /**
   * Suite task id.
   */
  task: string;
  role: 'train' | 'dev' | 'test';
  kind: 'classification' | 'regression' | 'causal_lm';
  numExamples: number;
  /**
   * Length of the ids array.
   */
  totalTokens: number;
  /**
   * Tokens in the longest example (<= maxLength).
   */
  longest: number;
  /**
   * Truncation length the ids were cut to.
   */
  maxLength: number;
  /**
   * Classes (classification), 1 (regression), 0 (causal_lm).
   */
  numLabels: number;
  /**
   * Class names in index order (classification), else empty.
   */
  labelNames: string[];
  tokenizer: {
    /**
     * sha256 of tokenizer.json, tokenizer_config.json and the tokenization code version.
     */
    fingerprint: string;
    /**
     * EOS appended to causal-LM responses, when the tokenizer has one.
     */
    eosTokenId?: number;
  };
  files: {
    ids: 'ids.i32';
    offsets: 'offsets.i32';
    typeIds?: 'type_ids.i32';
    labels?: 'labels.i32' | 'labels.f32';
    promptLengths?: 'prompt_lengths.i32';
    sourceIndices: 'source_indices.i32';
  };
}
