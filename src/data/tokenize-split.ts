/** Tokenizes the labelled roles (train, dev) of a task into cached tokenized splits. */
import type { ExampleSet } from './examples.ts';
import type { LabelledSplit } from './split-protocol.ts';
import type { TextTokenizer } from './tokenizer.ts';
import { tokenizeCached, type TokenRow } from './tokenize-rows.ts';
import type { TokenizedSplitData } from './tokenized-split.ts';

/** Rows with their labels (classification, regression) or responses (causal LM). */
export function labelledRows(set: ExampleSet): TokenRow[] {
  if (set.kind === 'causal_lm') return set.examples.map((e) => ({ prompt: e.prompt, response: e.response }));
  return set.examples.map((e) => (e.textPair === undefined ? { text: e.text, label: e.label } : { text: e.text, textPair: e.textPair, label: e.label }));
}

export function labelNamesOf(set: ExampleSet): readonly string[] {
  return set.kind === 'classification' ? set.labelNames : [];
}

/** The cached tokenized split of a train or dev role. */
export function tokenizeLabelledSplit(
  cacheDir: string,
  taskId: string,
  split: LabelledSplit,
  tokenizer: TextTokenizer,
  maxLength: number,
): Promise<{ dir: string; data: TokenizedSplitData; fromCache: boolean }> {
  return tokenizeCached(
    cacheDir,
    { task: taskId, role: split.role, kind: split.examples.kind, maxLength, labelNames: labelNamesOf(split.examples), rows: labelledRows(split.examples), sourceIndices: split.sourceIndices },
    tokenizer,
  );
}
