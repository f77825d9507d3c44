/**
 * Turns rows of one split into a tokenized split (meta + arrays) and caches it on disk under
 * `<cache>/tokenized/<key>/`, where the key hashes the tokenizer fingerprint, the rows and every
 * setting, so every method and backend of a suite reads the same ids and a change anywhere
 * retokenizes. Callers: src/data/tokenize-split.ts (train, dev) and src/data/test-tokens.ts (test).
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { TokenizedSplit } from '../types/tokenized-split.ts';
import type { TaskKind } from './examples.ts';
import type { TextTokenizer } from './tokenizer.ts';
import { readTokenizedSplit, tokenizedSplitExists, writeTokenizedSplit, type TokenizedSplitData } from './tokenized-split.ts';

/** One example to tokenize: a text (pair) with an optional label, or a prompt with an optional response. */
export type TokenRow =
  | { text: string; textPair?: string; label?: number }
  | { prompt: string; response?: string };

export interface TokenizeRequest {
  task: string;
  role: TokenizedSplit['role'];
  kind: TaskKind;
  maxLength: number;
  labelNames: readonly string[];
  rows: readonly TokenRow[];
  sourceIndices: readonly number[];
}

/** Bumped whenever the layout or the tokenization rules change. */
const LAYOUT = 'tokenized-split-v1';

/** The cache key of a request under a tokenizer. */
export function tokenizeKey(request: TokenizeRequest, tokenizer: TextTokenizer): string {
  const hash = createHash('sha256');
  const settings = { layout: LAYOUT, tokenizer: tokenizer.fingerprint, task: request.task, role: request.role, kind: request.kind, maxLength: request.maxLength, labelNames: request.labelNames };
  hash.update(JSON.stringify(settings));
  for (const row of request.rows) hash.update('\n').update(JSON.stringify(row));
  hash.update('\n').update(JSON.stringify(request.sourceIndices));
  return hash.digest('hex');
}

/** Tokenizes the rows into arrays (no disk). */
export function tokenizeRows(request: TokenizeRequest, tokenizer: TextTokenizer, key = tokenizeKey(request, tokenizer)): TokenizedSplitData {
  const n = request.rows.length;
  const ids: number[] = [];
  const typeIds: number[] = [];
  const offsets = new Int32Array(n + 1);
  const hasLabels = request.rows.some((r) => 'label' in r && r.label !== undefined);
  const hasResponses = request.rows.some((r) => 'response' in r && r.response !== undefined);
  const labels = request.kind === 'regression' ? new Float32Array(n) : new Int32Array(n);
  const promptLengths = new Int32Array(n);
  let longest = 0;
  request.rows.forEach((row, i) => {
    let count: number;
    if ('prompt' in row) {
      const encoded = tokenizer.encodeCausal(row.prompt, row.response, request.maxLength);
      ids.push(...encoded.ids);
      for (let k = 0; k < encoded.ids.length; k++) typeIds.push(0);
      promptLengths[i] = encoded.promptLength;
      count = encoded.ids.length;
    } else {
      const encoded = tokenizer.encode(row.text, row.textPair, request.maxLength);
      ids.push(...encoded.ids);
      typeIds.push(...encoded.typeIds);
      if (row.label !== undefined) labels[i] = row.label;
      count = encoded.ids.length;
    }
    offsets[i + 1] = offsets[i]! + count;
    longest = Math.max(longest, count);
  });
  const files: TokenizedSplit['files'] = { ids: 'ids.i32', offsets: 'offsets.i32', sourceIndices: 'source_indices.i32' };
  const data: TokenizedSplitData = {
    meta: {
      format: 'reftbench-tokenized-split',
      version: 1,
      key,
      task: request.task,
      role: request.role,
      kind: request.kind,
      numExamples: n,
      totalTokens: ids.length,
      longest,
      maxLength: request.maxLength,
      numLabels: request.kind === 'classification' ? request.labelNames.length : request.kind === 'regression' ? 1 : 0,
      labelNames: [...request.labelNames],
      tokenizer: tokenizer.eosTokenId === undefined ? { fingerprint: tokenizer.fingerprint } : { fingerprint: tokenizer.fingerprint, eosTokenId: tokenizer.eosTokenId },
      files,
    },
    ids: Int32Array.from(ids),
    offsets,
    sourceIndices: Int32Array.from(request.sourceIndices),
  };
  if (typeIds.some((t) => t !== 0)) {
    files.typeIds = 'type_ids.i32';
    data.typeIds = Int32Array.from(typeIds);
  }
  if (hasLabels && request.kind !== 'causal_lm') {
    files.labels = request.kind === 'regression' ? 'labels.f32' : 'labels.i32';
    data.labels = labels;
  }
  if (request.kind === 'causal_lm' && hasResponses) {
    files.promptLengths = 'prompt_lengths.i32';
    data.promptLengths = promptLengths;
  }
  return data;
}

/** Where a tokenized split lives in the cache. */
export function tokenizedSplitDir(cacheDir: string, key: string): string {
  return join(cacheDir, 'tokenized', key);
}

/** The cached tokenized split of a request: read from the cache, or tokenized and written once. */
export async function tokenizeCached(
  cacheDir: string,
  request: TokenizeRequest,
  tokenizer: TextTokenizer,
): Promise<{ dir: string; data: TokenizedSplitData; fromCache: boolean }> {
  const key = tokenizeKey(request, tokenizer);
  const dir = tokenizedSplitDir(cacheDir, key);
  if (await tokenizedSplitExists(dir)) return { dir, data: await readTokenizedSplit(dir), fromCache: true };
  const data = tokenizeRows(request, tokenizer, key);
  try {
    await writeTokenizedSplit(dir, data);
  } catch (error) {
    // Another process wrote the same key first: its folder is complete and identical.
    if (!(await tokenizedSplitExists(dir))) throw error;
  }
  return { dir, data, fromCache: false };
}
