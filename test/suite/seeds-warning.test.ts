/** validate warns (exit 0) when a suite's seeds cannot make any comparison of its report significant. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { plannedComparisons, seedsWarning } from '../../src/suite/seeds-warning.ts';
import type { Suite } from '../../src/types/suite.ts';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const quickstart = loadSuite('suites/quickstart.json', repo).suite;
// Read as plain JSON: validating it needs MiniLM in .cache/models/, and only its lists matter here.
const glueMini = JSON.parse(readFileSync(new URL('../../suites/glue-mini.json', import.meta.url), 'utf8')) as Suite;
const seeds = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

test('comparisons counted as the report makes them: each ReFT method against report.baseline, or every baseline, per task', () => {
  assert.equal(plannedComparisons(quickstart), 1);
  assert.equal(plannedComparisons(glueMini), 10); // 2 ReFT methods × 5 tasks against lora
  const { report: _, ...everyBaseline } = glueMini;
  assert.equal(plannedComparisons(everyBaseline), 40); // against bitfit, red, full and lora
});

test('the fewest seeds that can reach adjusted p < 0.05: 6 for one comparison, 9 for Holm over 10', () => {
  assert.match(seedsWarning(quickstart)!.text, /^with 2 seeds no comparison in the report can be significant: the sign-flip test over seeds cannot go below p = 0\.5 in the report's one ReFT-vs-baseline comparison, not below 0\.05; the report will say "cannot be significant with 2 seeds"\. Use at least 6 seeds for/);
  assert.equal(seedsWarning(quickstart)!.pointer, '/seeds');
  assert.equal(seedsWarning({ ...quickstart, seeds: seeds(5) })!.text.includes('at least 6 seeds'), true);
  assert.equal(seedsWarning({ ...quickstart, seeds: seeds(6) }), null); // 2/64 = 0.031
  assert.match(seedsWarning(glueMini)!.text, /Holm's correction over the report's 10 ReFT-vs-baseline comparisons makes the smallest adjusted p 1, not below 0\.05; .* Use at least 9 seeds \(or fewer comparisons/);
  assert.match(seedsWarning({ ...glueMini, seeds: seeds(8) })!.text, /smallest adjusted p 0\.0781/); // 10 · 2/256
  assert.equal(seedsWarning({ ...glueMini, seeds: seeds(9) }), null); // 10 · 2/512 = 0.039
});

test('reftbench validate prints the warning on stderr and exits 0', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['validate', 'suites/quickstart.json'], { out: (t) => void out.push(t), err: (t) => void err.push(t), cwd: repo, env: {} });
  assert.equal(code, 0);
  assert.match(out.join('\n'), /valid suite/);
  assert.match(err.join('\n'), /^suites\/quickstart\.json: warning at \/seeds: with 2 seeds no comparison in the report can be significant/);
});

test('the hint names what multiplies the comparisons: never report.baseline when it is set, the ladder levels when they do', () => {
  const ladder: Suite = { ...quickstart, budget: { ...quickstart.budget, compute: { rule: 'flops', match: { method: 'lora', rule: 'epochs', amounts: [1, 2, 4] } } } };
  const text = seedsWarning(ladder)!.text;
  assert.match(text, /\(or fewer comparisons: the 3 are 1 ReFT method × 1 baseline \(report\.baseline\) × 3 compute-ladder levels over 1 model × task pair; fewer ladder levels would cut them\)/);
  assert.doesNotMatch(text, /e\.g\. with report\.baseline/);
  // Without report.baseline, with several baselines: that is the lever it names.
  const { report: _, ...noBaseline } = glueMini;
  assert.match(seedsWarning(noBaseline)!.text, /the 40 are 2 ReFT methods × 4 baselines × 5 model × task pairs; report\.baseline \(one baseline instead of 4\), or fewer ReFT methods, or fewer tasks or models would cut them\)/);
});
