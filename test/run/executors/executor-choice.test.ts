/**
 * The suite's optional executor block (schemas/suite.schema.json, ExecutorSettings) and the command
 * line over it (src/run/executors/executor-choice.ts): the block is used where no flag is given,
 * each flag wins over its field, --executor picks the kind; a bad block is one message naming the
 * file, line and column and the field, exit 2; the block is in no run id.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseRunArgs } from '../../../src/commands/run.ts';
import { isUserError } from '../../../src/errors.ts';
import { chooseExecutor } from '../../../src/run/executors/executor-choice.ts';
import { buildPlan } from '../../../src/plan/build-plan.ts';
import { loadSuite } from '../../../src/suite/load-suite.ts';
import type { ExecutorSettings } from '../../../src/types/suite.ts';
import { fixtures, reftbench, suiteVariant, tempDir } from '../helpers.ts';

const userError = (pattern: RegExp) => (e: unknown) => isUserError(e) && pattern.test(e.message);
const choose = (args: string[], block: ExecutorSettings | undefined) => chooseExecutor(parseRunArgs(['s.json', ...args]), block, 'run');

test('without flags the block decides: its kind and its settings', () => {
  const slurm = choose([], { kind: 'slurm', partition: 'gpu', gres: 'gpu:1', time: '02:00:00', account: 'proj', sbatchArgs: ['--mem=8G'], maxParallel: 16 });
  assert.equal(slurm.executor, 'slurm');
  assert.deepEqual(slurm.slurm, { sbatchArgs: ['--mem=8G'], partition: 'gpu', gres: 'gpu:1', time: '02:00:00', account: 'proj', maxParallel: 16 });
  const local = choose([], { jobs: 2, gpus: '0,1' });
  assert.equal(local.executor, 'local');
  assert.deepEqual([local.jobs, local.gpus, local.slurm], [2, '0,1', undefined]);
  const none = choose([], undefined);
  assert.deepEqual([none.executor, none.jobs, none.gpus], ['local', undefined, undefined]);
});

test('each flag wins over the field of the same name; the rest still comes from the block', () => {
  const block: ExecutorSettings = { kind: 'slurm', partition: 'gpu', time: '02:00:00', sbatchArgs: ['--mem=8G', '--cpus-per-task=8'], maxParallel: 16 };
  const chosen = choose(['--partition', 'debug', '--max-parallel', '2', '--sbatch-arg=--mem=4G'], block);
  assert.equal(chosen.executor, 'slurm');
  assert.deepEqual(chosen.slurm, { sbatchArgs: ['--mem=4G'], partition: 'debug', time: '02:00:00', maxParallel: 2 }, 'any --sbatch-arg replaces sbatchArgs');
  assert.deepEqual(choose(['--jobs', '1'], { jobs: 4, gpus: 'all' }).jobs, 1);
  assert.equal(choose(['--gpus', '3'], { jobs: 1, gpus: 'all' }).gpus, '3');
});

test('--executor picks the kind over the block; the block of the other kind then gives nothing', () => {
  const local = choose(['--executor', 'local'], { kind: 'slurm', partition: 'gpu', maxParallel: 4 });
  assert.deepEqual([local.executor, local.slurm, local.jobs], ['local', undefined, undefined]);
  const slurm = choose(['--executor', 'slurm'], { jobs: 4 });
  assert.deepEqual([slurm.executor, slurm.slurm], ['slurm', { sbatchArgs: [] }]);
  // Slurm flags without --executor follow a slurm block; with a local block (or none) they are refused.
  assert.equal(choose(['--partition', 'gpu'], { kind: 'slurm' }).slurm?.partition, 'gpu');
  assert.throws(() => choose(['--partition', 'gpu'], { jobs: 2 }), userError(/--partition is an option of --executor slurm; add --executor slurm \(or "executor": \{ "kind": "slurm" \} in the suite\)/));
  assert.throws(() => choose(['--detach'], undefined), userError(/--detach is an option of --executor slurm/));
  assert.throws(() => choose(['--jobs', '2'], { kind: 'slurm' }), userError(/--jobs is an option of the local executor/));
  assert.throws(() => choose(['--gpus', 'all'], { kind: 'slurm' }), userError(/--gpus is an option of the local executor/));
});

/** `reftbench validate` of the tiny suite with `executor` set to `block`. */
async function validateWith(block: unknown) {
  const dir = tempDir('executor-block');
  // backend auto: "gpus" with the tiny suite's ort backend is a problem of its own (tested below)
  const file = suiteVariant(dir, (s) => { (s as unknown as Record<string, unknown>).executor = block; s.backend = { prefer: 'auto', threads: 1, deterministic: true }; });
  return { file, outcome: await reftbench(['validate', file], tempDir('executor-block-cache')) };
}

test('a bad executor block is one message naming file:line:column and the field, exit 2', async () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ kind: 'pbs' }, /\/executor\/kind: "pbs" is not one of the allowed values|\/executor\/kind:.*local.*slurm/],
    [{ kind: 'slurm', time: '2h' }, /\/executor\/time: "2h" is not in the expected form: HH:MM:SS or D-HH:MM:SS/],
    [{ kind: 'slurm', partition: 'gpu queue' }, /\/executor\/partition: "gpu queue" is not in the expected form: a Slurm name/],
    [{ kind: 'slurm', sbatchArgs: ['mem=8G'] }, /\/executor\/sbatchArgs\/0: "mem=8G" is not in the expected form: one sbatch option/],
    [{ kind: 'slurm', maxParallel: 0 }, /\/executor\/maxParallel: 0 is too small; it must be at least 1/],
    [{ jobs: 0 }, /\/executor\/jobs: 0 is too small/],
    [{ gpus: '0,,1' }, /\/executor\/gpus: "0,,1" is not in the expected form: `all` or GPU ids separated by commas/],
    [{ kind: 'slurm', jobs: 2 }, /\/executor\/jobs: "jobs" is a setting of the local executor, but this executor block is for slurm/],
    [{ partition: 'gpu' }, /\/executor\/partition: "partition" is a setting of the slurm executor, but this executor block is for the local one \(no "kind": local, the default\)\. Add "kind": "slurm"/],
    [{ jobs: 3, gpus: '0,1' }, /\/executor\/jobs: "jobs" is 3, more than the 2 GPUs "gpus" lists \(0,1\)/],
    [{ gpus: '1,1' }, /\/executor\/gpus: "gpus" names GPU "1" twice/],
    [{ kind: 'local', queue: 'x' }, /\/executor\/queue|unknown field "queue"/],
  ];
  for (const [block, pattern] of cases) {
    const { file, outcome } = await validateWith(block);
    assert.equal(outcome.code, 2, `${JSON.stringify(block)}: ${outcome.err.join('\n')}`);
    const text = outcome.err.join('\n');
    assert.match(text, pattern, JSON.stringify(block));
    const problems = text.split('\n').filter((l) => l.includes(`${file}:`));
    assert.equal(problems.length, 1, text);
    assert.match(problems[0]!, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ /executor`), text);
  }
  const good = await validateWith({ kind: 'slurm', partition: 'gpu', gres: 'gpu:1', time: '1-02:00:00', account: 'proj', sbatchArgs: ['--mem=8G'], maxParallel: 4 });
  assert.equal(good.outcome.code, 0, good.outcome.err.join('\n'));
});

test('"gpus" in a suite whose backend is ort is a validation problem at /executor/gpus', async () => {
  const dir = tempDir('executor-gpus-ort');
  const suite = suiteVariant(dir, (s) => {
    s.executor = { gpus: 'all' };
    s.backend = { prefer: 'ort' };
  });
  const outcome = await reftbench(['validate', suite], tempDir('executor-cache'));
  assert.equal(outcome.code, 2, outcome.out.join('\n'));
  assert.match(outcome.err.join('\n'), new RegExp(`${suite.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ /executor/gpus: "gpus" places torch workers on GPUs, but this suite runs on the ort backend`));
});

test('"gpus" from the suite that run cannot use is one message naming file:line:col and /executor/gpus, not an option never typed; exit 2, nothing written', async () => {
  const dir = tempDir('executor-gpus-run');
  const suite = suiteVariant(dir, (s) => {
    s.executor = { gpus: 'all' };
    s.backend = { prefer: 'auto', threads: 1, deterministic: true };
  });
  const cache = tempDir('executor-cache');
  const results = join(dir, 'results');
  const place = new RegExp(`^reftbench run: ${suite.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+ /executor/gpus: `);
  // no GPU visible
  const none = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results], cache, { CUDA_VISIBLE_DEVICES: '' });
  assert.equal(none.code, 2);
  assert.equal(none.err.length, 1, none.err.join('\n'));
  assert.match(none.err[0]!, place);
  assert.match(none.err[0]!, /"gpus": "all" asks for GPUs, but no GPU is visible here.*Remove "gpus" from the suite's executor block/);
  assert.doesNotMatch(none.err[0]!, /--gpus all|Leave --gpus out/);
  // a GPU, but the suite runs on ort here
  const ort = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results, '--backend', 'ort'], cache, { CUDA_VISIBLE_DEVICES: '0' });
  assert.equal(ort.code, 2);
  assert.match(ort.err[0]!, place);
  assert.match(ort.err[0]!, /"gpus" places torch workers on GPUs, but this suite runs on the ort backend/);
  assert.doesNotMatch(ort.err[0]!, /leave --gpus out/);
  // --gpus typed on the command line keeps the option's message
  const typed = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results, '--gpus', '0'], cache, { CUDA_VISIBLE_DEVICES: '' });
  assert.match(typed.err.join('\n'), /^reftbench run: --gpus 0: no GPU is visible here/);
  assert.deepEqual(readdirSync(dir).filter((n) => n === 'results'), []);
});

test('run uses the suite\'s block when no flag says otherwise, and --executor local overrides it', async () => {
  const dir = tempDir('executor-run');
  const suite = suiteVariant(dir, (s) => {
    s.executor = { kind: 'slurm', partition: 'gpu', maxParallel: 2 };
    s.seeds = [1];
    s.methods = s.methods.filter((m) => m.id === 'bitfit');
  });
  const noSlurm = join(dir, 'empty-path');
  mkdirSync(noSlurm);
  const cache = tempDir('executor-run-cache');
  const results = join(dir, 'results');
  // The block asks for Slurm: without sbatch on PATH that stops before anything is written.
  const blocked = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results], cache, { PATH: noSlurm });
  assert.equal(blocked.code, 2, blocked.err.join('\n'));
  assert.match(blocked.err.join('\n'), /`sbatch` is not on PATH here/);
  assert.deepEqual(readdirSync(dir).filter((n) => n === 'results'), []);
  // The command line wins: the same suite runs here.
  const local = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results, '--executor', 'local'], cache, { PATH: noSlurm });
  assert.equal(local.code, 0, local.err.join('\n'));
  assert.equal(readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_')).length, 3);
});

test('the executor block is in no run id: the plan of a suite with one has the ids of the suite without', () => {
  const dir = tempDir('executor-ids');
  const without = suiteVariant(dir, () => {}, 'without.json');
  const withBlock = suiteVariant(dir, (s) => { s.executor = { kind: 'slurm', partition: 'gpu', time: '01:00:00', maxParallel: 8 }; }, 'with.json');
  const ids = (file: string) => {
    const loaded = loadSuite(file, dir);
    return { hash: loaded.hash, ids: buildPlan(loaded, { backend: 'ort' }).groups.flatMap((g) => g.trials.map((t) => t.runId)) };
  };
  const a = ids(without);
  const b = ids(withBlock);
  assert.ok(a.ids.length > 0);
  assert.deepEqual(b.ids, a.ids);
  assert.notEqual(b.hash, a.hash, 'the suite hash is the file\'s content hash: any edit changes it');
});
