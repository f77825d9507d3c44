/** The results store: atomic, validated writes; done / failed / corrupt / missing on read; orphan temps. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readStoredRun, removeOrphanTemps, resultFile, storedRunIds, writeResult } from '../../src/run/store.ts';
import type { RunResult } from '../../src/types/result.ts';
import { tempDir } from '../data/temp-dirs.ts';

const fixtureDir = new URL('../fixtures/results/fixture-mini/', import.meta.url);
const template = JSON.parse(readFileSync(new URL(readdirSync(fixtureDir).find((n) => n.endsWith('.json'))!, fixtureDir), 'utf8')) as RunResult;
const withId = (runId: string, extra: Partial<RunResult> = {}): RunResult => ({ ...template, runId, spec: { ...template.spec, runId }, ...extra });

test('a written result reads back as done; nothing else is left in the folder', async () => {
  const dir = join(tempDir('store'), 'results', 'suite');
  const file = await writeResult(dir, withId('a-1'));
  assert.equal(file, join(dir, 'a-1.json'));
  const stored = await readStoredRun(dir, 'a-1');
  assert.equal(stored.state, 'done');
  assert.deepEqual(readdirSync(dir), ['a-1.json']);
  assert.deepEqual(await storedRunIds(dir), ['a-1']);
  assert.deepEqual(await readStoredRun(dir, 'b-2'), { state: 'missing' });
});

test('failed runs are stored as failed, to be retried only on request', async () => {
  const dir = tempDir('store');
  await writeResult(dir, withId('f-1', { status: 'diverged', failure: { reason: 'loss became NaN at step 3', stderrTail: '' } }));
  assert.equal((await readStoredRun(dir, 'f-1')).state, 'failed');
});

test('an invalid result is refused and nothing is written', async () => {
  const dir = tempDir('store');
  const broken = { ...withId('x-1'), status: 'great' } as unknown as RunResult;
  await assert.rejects(writeResult(dir, broken), /refusing to write an invalid result x-1/);
  await assert.rejects(writeResult(dir, { ...withId('x-2'), spec: { ...template.spec, runId: 'other' } }), /carries spec\.runId other/);
  assert.deepEqual(readdirSync(dir), []);
  assert.throws(() => resultFile(dir, '../escape'), /invalid run id/);
});

test('truncated, unparsable or mismatched files are corrupt, with a message naming the file', async () => {
  const dir = tempDir('store');
  const text = JSON.stringify(withId('c-1'));
  writeFileSync(join(dir, 'c-1.json'), text.slice(0, text.length / 2));
  const truncated = await readStoredRun(dir, 'c-1');
  assert.equal(truncated.state, 'corrupt');
  assert.match(truncated.state === 'corrupt' ? truncated.notice : '', new RegExp(`^${join(dir, 'c-1.json')}: not a valid result file`));
  writeFileSync(join(dir, 'c-2.json'), JSON.stringify({ ...withId('c-2'), lossCurve: 'no' }));
  assert.equal((await readStoredRun(dir, 'c-2')).state, 'corrupt');
  writeFileSync(join(dir, 'c-3.json'), JSON.stringify(withId('other')));
  const mismatched = await readStoredRun(dir, 'c-3');
  assert.match(mismatched.state === 'corrupt' ? mismatched.notice : '', /its runId is other/);
  // A corrupt file is replaced by the next valid write.
  await writeResult(dir, withId('c-1'));
  assert.equal((await readStoredRun(dir, 'c-1')).state, 'done');
});

test('orphan temp files of dead writers are removed; live writers are left alone', async () => {
  const dir = tempDir('store');
  writeFileSync(join(dir, '.r-1.json.999999999.1700000000000.tmp'), '{"half":');
  writeFileSync(join(dir, `.r-2.json.${process.pid}.1700000000000.tmp`), '{"half":');
  await writeResult(dir, withId('r-3'));
  assert.deepEqual(await removeOrphanTemps(dir), ['.r-1.json.999999999.1700000000000.tmp']);
  assert.deepEqual(readdirSync(dir).sort(), [`.r-2.json.${process.pid}.1700000000000.tmp`, 'r-3.json']);
  assert.deepEqual(await storedRunIds(dir), ['r-3']);
});
