/**
 * Tokenizes a task's sealed test split for its final runs. Classification and regression test
 * files never hold labels (backends return predictions; src/metrics/score-test.ts scores them).
 * Causal-LM test files hold prompts, plus the reference responses when the task is scored by
 * loss or perplexity, which a backend can only compute with them; those files are for final runs
 * only (the run spec's `data.test`), never for trials.
 */
import type { SuiteMetric } from '../types/suite.ts';
import type { TestSplit } from './sealed-test-split.ts';
import { withdrawTestLabels } from './test-labels.ts';
import type { TextTokenizer } from './tokenizer.ts';
import { tokenizeCached, type TokenRow } from './tokenize-rows.ts';
import type { TokenizedSplitData } from './tokenized-split.ts';

/** True when scoring the task's metrics on test needs the reference responses inside the backend. */
export function testNeedsReferences(split: TestSplit, metrics: readonly SuiteMetric[]): boolean {
  return split.kind === 'causal_lm' && metrics.some((m) => m.name === 'loss' || m.name === 'perplexity');
}

export function tokenizeTestSplit(
  cacheDir: string,
  taskId: string,
  split: TestSplit,
  metrics: readonly SuiteMetric[],
  tokenizer: TextTokenizer,
  maxLength: number,
): Promise<{ dir: string; data: TokenizedSplitData; fromCache: boolean }> {
  let rows: TokenRow[];
  if (split.kind === 'causal_lm') {
    const references = testNeedsReferences(split, metrics) ? withdrawTestLabels(split) : undefined;
    rows = split.inputs.map((input, i) => {
      const prompt = 'prompt' in input ? input.prompt : input.text;
      const response = references?.kind === 'text' ? references.values[i] : undefined;
      return response === undefined ? { prompt } : { prompt, response };
    });
  } else {
    rows = split.inputs.map((input) => ('prompt' in input ? { text: input.prompt } : input.textPair === undefined ? { text: input.text } : { text: input.text, textPair: input.textPair }));
  }
  return tokenizeCached(
    cacheDir,
    { task: taskId, role: 'test', kind: split.kind, maxLength, labelNames: split.labelNames, rows, sourceIndices: split.sourceIndices },
    tokenizer,
  );
}
