/**
 * The test split as the rest of the harness sees it: frozen inputs without labels. Selection code
 * (trials, early stopping, tuning) can hold a `TestSplit` but has no way to its labels; only the final
 * scoring step can score predictions against them (src/metrics/score-test.ts).
 */
import type { ExampleSet, TaskKind } from './examples.ts';
import { depositTestLabels } from './test-labels.ts';

/** What a model may see of a test example. */
export type TestInput = { readonly text: string; readonly textPair?: string } | { readonly prompt: string };

export interface TestSplit {
  readonly role: 'test';
  readonly kind: TaskKind;
  readonly labelNames: readonly string[];
  readonly inputs: readonly TestInput[];
  /** Position of each example in its source split (for per-example reports). */
  readonly sourceIndices: readonly number[];
}

/** Splits examples into a label-free `TestSplit` and deposits their labels behind it. */
export function sealTestSplit(set: ExampleSet, sourceIndices: readonly number[]): TestSplit {
  let inputs: TestInput[];
  if (set.kind === 'causal_lm') {
    inputs = set.examples.map((e) => Object.freeze({ prompt: e.prompt }));
  } else {
    inputs = set.examples.map((e) => Object.freeze(e.textPair === undefined ? { text: e.text } : { text: e.text, textPair: e.textPair }));
  }
  const split: TestSplit = Object.freeze({
    role: 'test' as const,
    kind: set.kind,
    labelNames: Object.freeze(set.kind === 'classification' ? [...set.labelNames] : []),
    inputs: Object.freeze(inputs),
    sourceIndices: Object.freeze([...sourceIndices]),
  });
  depositTestLabels(
    split,
    set.kind === 'causal_lm'
      ? { kind: 'text', values: Object.freeze(set.examples.map((e) => e.response)) }
      : { kind: 'values', values: Float64Array.from(set.examples, (e) => e.label) },
  );
  return split;
}
