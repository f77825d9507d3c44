/**
 * The only door to test labels. A `TestSplit` (src/data/sealed-test-split.ts) carries inputs only;
 * its labels are deposited here, in a module-private WeakMap keyed by the split object, so they
 * cannot be reached by reading, spreading, cloning or serialising the split.
 *
 * Only the sealer (`src/data/sealed-test-split.ts`), the final scoring step
 * (`src/metrics/score-test.ts`) and the writer of final-run test tokens (`src/data/test-tokens.ts`)
 * may import this module; `test/data/test-labels-sealed.test.ts` fails when anything else does.
 */
import type { References } from '../metrics/score.ts';

const vault = new WeakMap<object, References>();

/** Stores the references of a freshly sealed test split (called once, by the sealer). */
export function depositTestLabels(split: object, references: References): void {
  if (vault.has(split)) throw new Error('test labels were already deposited for this split');
  vault.set(split, references);
}

/** The references of a sealed test split, for final scoring. */
export function withdrawTestLabels(split: object): References {
  const references = vault.get(split);
  if (references === undefined) throw new Error('not a sealed test split (a copy of one has no labels)');
  return references;
}
