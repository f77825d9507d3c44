/**
 * A result file holding a number JSON cannot (1e999, which JSON.parse reads as Infinity) is refused
 * when it is read, naming the file and the field: an Infinity test metric was silently dropped from
 * the report before (issue 21).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUserError } from '../../src/errors.ts';
import { firstNonFinite } from '../../src/report/first-non-finite.ts';
import { loadResults } from '../../src/report/load-results.ts';
import { fixtureOptions, syntheticResults } from '../fixtures/results/synthetic-results.ts';

const [result] = syntheticResults({ ...fixtureOptions, tasks: [fixtureOptions.tasks[0]!], methods: [fixtureOptions.methods[0]!], trials: 1, seeds: [1] }).filter((r) => r.spec.phase === 'final');

function loadError(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-non-finite-'));
  try {
    writeFileSync(join(dir, 'run.json'), text);
    loadResults(dir);
  } catch (error) {
    assert.ok(isUserError(error), String(error));
    return error.message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.fail('the result was accepted');
}

test('an Infinity test metric is refused, naming the file and the field', () => {
  const text = JSON.stringify(result).replace(/"test":\{"accuracy":[0-9.e-]+/, '"test":{"accuracy":1e999');
  assert.ok(text.includes('1e999'));
  const message = loadError(text);
  assert.match(message, /run\.json: \/metrics\/test\/accuracy is not a finite number \(Infinity or NaN; JSON\.parse reads 1e999 as Infinity\)/);
  assert.match(message, /Delete it and rerun its run\./);
});

test('a -Infinity anywhere else (a loss, the wall time) is refused too', () => {
  const message = loadError(JSON.stringify(result).replace(/"wallSeconds":[0-9.e-]+/, '"wallSeconds":-1e999'));
  assert.match(message, /run\.json: \/compute\/wallSeconds is not a finite number/);
});

test('firstNonFinite points at the first non-finite number, with JSON pointer escaping', () => {
  assert.equal(firstNonFinite({ a: [1, { 'b/c~': Infinity }] }), '/a/1/b~1c~0');
  assert.equal(firstNonFinite({ a: [1, 2, null, 'x'] }), undefined);
  assert.equal(firstNonFinite(Number.NaN), '/');
});
