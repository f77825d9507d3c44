/**
 * The ReFT positions rule, one table for every side (test/fixtures/positions/pyreft-rule.json, also
 * read by the torch worker's test_position_rule.py): the planner's counts (src/methods/positions.ts,
 * which the FLOPs model uses) and the ort graph's per-example selection masks give exactly the
 * table's first_n and last_n, including f ≠ l, one-sided specs and prompts shorter than 2n.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as op from '../../src/backends/ort/graph/ops.ts';
import { INTERVENTION_MASK_INPUT, positionMasks } from '../../src/backends/ort/methods/reft-positions.ts';
import { intervenedPositions, parsePositions, positionCounts } from '../../src/methods/positions.ts';
import { HarnessContext, runHook } from './engine-harness.ts';

interface RuleCase {
  positions: string;
  length: number;
  first: number;
  last: number;
}

const table = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'positions', 'pyreft-rule.json'), 'utf8')) as { cases: RuleCase[] };

test('the planner counts the positions of the shared table', () => {
  assert.ok(table.cases.length >= 10);
  for (const c of table.cases) {
    const spec = parsePositions(c.positions);
    assert.ok(spec, c.positions);
    assert.deepEqual(positionCounts(spec, c.length), { first: c.first, last: c.last }, `${c.positions} at length ${c.length}`);
    assert.equal(intervenedPositions(spec, c.length), c.first + c.last, `${c.positions} at length ${c.length}`);
  }
});

test('the planner no longer counts f + l for every sequence at least f + l long (f ≠ l, one-sided)', () => {
  // The old shortcut gave 8 for f3+l5 at length 8 and 5 for f5 at length 6; pyreft intervenes on 7 and 3.
  assert.equal(intervenedPositions({ first: 3, last: 5 }, 8), 7);
  assert.equal(intervenedPositions({ first: 5, last: 0 }, 6), 3);
});

test('a bad positions text is not a rule case', () => {
  for (const bad of ['f0+l3', 'l3+f3', 'f3+', '3']) assert.equal(parsePositions(bad), undefined, bad);
});

test('the ort graph selects the positions of the shared table from the intervention mask', async () => {
  const S = Math.max(...table.cases.map((c) => c.length)) + 2;
  const bySpec = new Map<string, RuleCase[]>();
  for (const c of table.cases) bySpec.set(c.positions, [...(bySpec.get(c.positions) ?? []), c]);
  for (const [text, cases] of bySpec) {
    const spec = parsePositions(text)!;
    const B = cases.length;
    const ctx = new HarnessContext(B, S);
    const masks = positionMasks(ctx, spec);
    // Right padding: the intervention mask covers the first `length` tokens (a causal LM's prompt).
    const mask = Float32Array.from({ length: B * S }, (_, i) => (i % S < cases[Math.floor(i / S)]!.length ? 1 : 0));
    const run = await runHook(ctx, op.concat(ctx.g, [masks.first, masks.last], 2), new Map([[INTERVENTION_MASK_INPUT, mask]]));
    cases.forEach((c, b) => {
      const first: number[] = [];
      const last: number[] = [];
      for (let s = 0; s < S; s++) {
        if (run.y[(b * S + s) * 2] === 1) first.push(s);
        if (run.y[(b * S + s) * 2 + 1] === 1) last.push(s);
      }
      assert.deepEqual(first, Array.from({ length: c.first }, (_, k) => k), `${text} at length ${c.length}: first positions`);
      assert.deepEqual(last, Array.from({ length: c.last }, (_, k) => c.length - c.last + k), `${text} at length ${c.length}: last positions`);
    });
  }
});
