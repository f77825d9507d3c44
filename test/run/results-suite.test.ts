/**
 * A results folder belongs to one version of one suite: after editing the suite, or with another
 * suite's folder, `run` and `bench` stop with exit 2 before running anything, name the folder, a
 * stale file and what differs, and leave every file as it was; the same suite version still resumes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { events, fixtures, reftbench, suiteVariant, tempDir } from './helpers.ts';

const work = tempDir('results-suite');
const cache = join(work, 'cache');
const results = join(work, 'results');
const suite = suiteVariant(work, (s) => {
  s.name = 'run-tiny-stale';
  s.seeds = [1];
});

/** Every file of a folder with its content and modification time. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, `${statSync(join(dir, name)).mtimeMs} ${readFileSync(join(dir, name), 'utf8')}`]));
}

test('the same suite version resumes: finished runs are skipped', async () => {
  const first = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results, '--json'], cache);
  assert.equal(first.code, 0, first.err.join('\n'));
  const again = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results, '--json'], cache);
  assert.equal(again.code, 0, again.err.join('\n'));
  assert.equal(events(again).filter((e) => e.type === 'run-start').length, 0);
});

test('after an edit of the suite, bench stops with exit 2 before running, and the folder is untouched', async () => {
  const before = snapshot(results);
  const edited = suiteVariant(work, (s) => {
    s.name = 'run-tiny-stale';
    s.seeds = [1];
    s.methods[0]!.search = { lr: [0.002, 0.003] };
  });
  const outcome = await reftbench(['bench', edited, '--data-dir', fixtures, '--results', results, '--json'], cache);
  assert.equal(outcome.code, 2, outcome.err.join('\n'));
  assert.equal(events(outcome).length, 0, 'nothing ran');
  const message = outcome.err.join('\n');
  assert.equal(outcome.err.length, 1, message);
  assert.match(message, new RegExp(`^${results} already holds results`));
  assert.match(message, new RegExp(`${results}/[^ ]+\\.json is from another version of suite "run-tiny-stale" \\(suite hash [0-9a-f]{16}; ${edited} was edited since`));
  assert.match(message, /5 more of its 6 result files/);
  assert.match(message, /--results .*fresh|fresh folder/);
  assert.match(message, /move or delete the old results/);
  assert.deepEqual(snapshot(results), before, 'no file was written, replaced or removed');
});

test('another suite\'s folder is refused by run, and its _selection.json is kept', async () => {
  const before = snapshot(results);
  const other = suiteVariant(work, (s) => {
    s.name = 'other-suite';
    s.seeds = [1];
  }, 'other.json');
  const outcome = await reftbench(['run', other, '--data-dir', fixtures, '--results', results], cache);
  assert.equal(outcome.code, 2, outcome.err.join('\n'));
  assert.match(outcome.err.join('\n'), /is from suite "run-tiny-stale", not "other-suite"/);
  assert.deepEqual(snapshot(results), before);

  const onlySelection = join(work, 'only-selection');
  mkdirSync(onlySelection);
  writeFileSync(join(onlySelection, '_selection.json'), readFileSync(join(results, '_selection.json')));
  const refused = await reftbench(['run', other, '--data-dir', fixtures, '--results', onlySelection], cache);
  assert.equal(refused.code, 2, refused.err.join('\n'));
  assert.match(refused.err.join('\n'), new RegExp(`${onlySelection}/_selection.json is from suite "run-tiny-stale"`));
  assert.deepEqual(readdirSync(onlySelection), ['_selection.json']);
});
