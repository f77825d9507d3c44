/**
 * The warning `validate` gives when a suite's seeds cannot make any comparison of its report
 * significant: the report tests each ReFT method against each baseline (or against report.baseline)
 * per model, task and compute-ladder level with an exact sign-flip test over seeds, whose smallest p is 2/2^n, corrected
 * by Holm over all those comparisons at alpha 0.05 (the report's defaults). When even every
 * comparison at that smallest p stays at or above alpha, the report can only say "cannot be
 * significant with N seeds". A warning, not an error: a quick suite may not need significance.
 */
import { suiteMessages as msg } from '../messages/suite.ts';
import { methodFamily } from '../report/method-family.ts';
import { defaultReportOptions } from '../report/report-options.ts';
import { adjustPValues } from '../stats/multiple-comparisons.ts';
import { smallestPValue } from '../stats/permutation-test.ts';
import type { ComparisonFactors } from '../messages/suite.ts';
import type { Suite } from '../types/suite.ts';
import { computeLevels, computeRuleOf } from '../plan/compute-levels.ts';
import type { SuiteIssue } from './issue.ts';
import { fits } from './semantic-check.ts';

/** The smallest adjusted p-value `comparisons` tests over `seeds` paired seeds can reach. */
function designFloor(seeds: number, comparisons: number): number {
  return adjustPValues(new Array<number>(comparisons).fill(smallestPValue(seeds)), defaultReportOptions.correction)[0]!;
}

/** What multiplies the report's comparisons: ReFT methods × baselines each is compared with × (model, task, budget level) cells. */
export function comparisonFactors(suite: Suite): ComparisonFactors {
  const reft = suite.methods.filter((m) => methodFamily[m.kind] === 'reft' && m.id !== suite.report?.baseline).length;
  const baselineSet = suite.report?.baseline !== undefined;
  const against = baselineSet ? 1 : suite.methods.filter((m) => methodFamily[m.kind] === 'baseline').length;
  // Each budget level of a compute ladder is compared on its own.
  const pairs = suite.models.flatMap((m) => suite.tasks.filter((t) => fits(m.family, t.type)));
  const cells = pairs.reduce((n, t) => n + computeLevels(computeRuleOf(suite, t)).length, 0);
  return { reft, against, baselineSet, pairs: pairs.length, cells };
}

/** How many method-vs-baseline comparisons the report of this suite makes. */
export function plannedComparisons(suite: Suite): number {
  const f = comparisonFactors(suite);
  return f.cells * f.reft * f.against;
}

/** The warning for a suite whose seeds cannot reach significance, or none. */
export function seedsWarning(suite: Suite): SuiteIssue | null {
  const comparisons = plannedComparisons(suite);
  const seeds = suite.seeds.length;
  const alpha = defaultReportOptions.alpha;
  if (comparisons === 0) return null;
  const floor = designFloor(seeds, comparisons);
  if (floor < alpha) return null;
  let needed = seeds + 1;
  while (designFloor(needed, comparisons) >= alpha) needed++;
  return { pointer: '/seeds', text: msg.seedsCannotBeSignificant(seeds, smallestPValue(seeds), comparisons, floor, alpha, needed, comparisonFactors(suite)) };
}
