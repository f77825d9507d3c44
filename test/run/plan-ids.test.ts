/**
 * One run-id scheme end to end: the ids `reftbench plan --json` shows are the result file names the
 * runner writes (trials directly; finals through the planner's finalSpecFor on the selected trial),
 * and a stored result made from different data files is rerun on resume rather than reused.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { finalSpecFor } from '../../src/plan/final-spec.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import { events, fixtures, readResults, reftbench, suiteVariant, tempDir } from './helpers.ts';

const work = tempDir('plan-ids');
const cache = join(work, 'cache');
const data = join(work, 'data');
cpSync(join(fixtures, 'glue'), join(data, 'glue'), { recursive: true });
const suite = suiteVariant(work, (s) => {
  s.name = 'run-tiny-ids';
  s.seeds = [1];
});
const results = join(work, 'results');

test('the ids of `reftbench plan --json` are the file names `reftbench run` writes', async () => {
  const planned = await reftbench(['plan', suite, '--json', '--data-dir', data], cache);
  assert.equal(planned.code, 0, planned.err.join('\n'));
  const plan = JSON.parse(planned.out.join('\n')) as Plan;
  const ran = await reftbench(['run', suite, '--data-dir', data, '--results', results, '--json'], cache);
  assert.equal(ran.code, 0, ran.err.join('\n'));
  const stored = readResults(results);
  const trialIds = plan.groups.flatMap((g) => g.trials.map((t) => t.runId));
  const finals = [...stored.values()].filter((r) => r.spec.phase === 'final');
  const finalIds = finals.map((f) => {
    const trial = plan.groups.find((g) => g.methodId === f.spec.method.id)!.trials.find((t) => t.trial === f.spec.trial)!;
    return finalSpecFor(trial.spec, f.spec.seed).runId;
  });
  assert.equal(finals.length, 2);
  const files = readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_')).map((n) => n.slice(0, -5)).sort();
  assert.deepEqual(files, [...trialIds, ...finalIds].sort());
  for (const id of trialIds) assert.equal(stored.get(id)?.spec.task.dataKey, plan.groups[0]!.trials[0]!.spec.task.dataKey);
});

test('on resume, a result made from other data files is rerun under the same id', async () => {
  const before = [...readResults(results).keys()].sort();
  appendFileSync(join(data, 'glue', 'SST-2', 'train.tsv'), 'an extra training sentence \t1\n');
  const again = await reftbench(['run', suite, '--data-dir', data, '--results', results, '--json'], cache);
  assert.equal(again.code, 0, again.err.join('\n'));
  assert.equal(events(again).filter((e) => e.type === 'run-start').length, before.length, 'every run is redone');
  assert.ok(again.err.some((line) => /train data changed since it was recorded/.test(line)), again.err.join('\n'));
  assert.deepEqual([...readResults(results).keys()].sort(), before);
});

test('`plan --backend X` gives the ids `run --backend X` would write; a bad or missing value is exit 2', async () => {
  const asOrt = await reftbench(['plan', suite, '--json', '--backend', 'ort', '--data-dir', data], cache);
  const asTorch = await reftbench(['plan', suite, '--json', '--backend', 'torch', '--data-dir', data], cache);
  assert.equal(asOrt.code, 0, asOrt.err.join('\n'));
  assert.equal(asTorch.code, 0, asTorch.err.join('\n'));
  const ids = (out: string[]) => (JSON.parse(out.join('\n')) as Plan).groups.flatMap((g) => g.trials.map((t) => t.runId));
  const ortIds = ids(asOrt.out);
  const trialIdsOnDisk = [...readResults(results).values()].filter((r) => r.spec.phase === 'trial').map((r) => r.runId).sort();
  assert.deepEqual([...ortIds].sort(), trialIdsOnDisk, 'the runs above ran on ort');
  assert.ok(ids(asTorch.out).every((id) => !ortIds.includes(id)), 'the backend is part of every run id');
  const bad = await reftbench(['plan', suite, '--backend', 'cuda'], cache);
  assert.equal(bad.code, 2);
  assert.match(bad.err.join('\n'), /unknown backend "cuda": use ort, torch or auto/);
  const missing = await reftbench(['plan', suite, '--backend'], cache);
  assert.equal(missing.code, 2);
});
