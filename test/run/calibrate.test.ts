/**
 * `plan` ends with the wall time per phase on this machine: training steps of each model × task ×
 * method timed once through the backend (src/run/calibrate.ts), cached per machine and calibration
 * version, so the next plan times nothing and an entry of another version is not read; a model ×
 * task × method with finished runs in the results folder takes their rate instead, and the plan says
 * what is still to run; and the same on each GPU measured in docs/measurements/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CALIBRATION_VERSION } from '../../src/run/calibrate.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import { gpuPlanTime, measuredGpuRates } from '../../src/run/gpu-rates.ts';
import { fixtures, reftbench, suiteVariant, tempDir, tinySuite } from './helpers.ts';

test('plan times each model × task × method once, caches the rate per calibration version and prints trials, finals and total', { timeout: 120_000 }, async () => {
  const cache = tempDir('calibrate-cache');
  const first = await reftbench(['plan', tinySuite, '--data-dir', fixtures], cache);
  assert.equal(first.code, 0, first.err.join('\n'));
  const timing = first.err.filter((l) => l.startsWith('timing '));
  assert.equal(timing.length, 2, first.err.join('\n'));
  assert.match(timing[0]!, /^timing full training steps of tiny-bert on sst2 with ort \(at least 8 steps and 3 s after the first;/);
  const lines = first.out.join('\n').split('\n');
  const line = lines.find((l) => l.startsWith('estimated wall time here'))!;
  assert.match(line, new RegExp(`^estimated wall time here \\(ort, cpu, the runs' times added up, at the rate of each model × task × method: 0 from the finished runs in results/run-tiny \\(whole runs, evaluation included\\), ${timing.length} timed now and 0 from the cache \\(training steps only\\)\\): trials \\d+s, finals \\d+s, total \\d+s$`));
  assert.ok(!lines.some((l) => l.startsWith('still to run')), 'nothing finished: no second line');
  assert.equal(readdirSync(join(cache, 'calibration')).length, timing.length, 'one cached rate per model × method');
  assert.match(lines.at(-1)!, /^on an NVIDIA H200 at the throughput measured in docs\/measurements\/gpu-bench-h200-2026-11-26\.md .*: trials \d+s, finals \d+s, total \d+s$/);

  const second = await reftbench(['plan', tinySuite, '--data-dir', fixtures], cache);
  assert.equal(second.code, 0);
  assert.deepEqual(second.err.filter((l) => l.startsWith('timing ')), [], 'nothing timed the second time');
  assert.match(second.out.join('\n').split('\n').find((l) => l.startsWith('estimated wall time here'))!, new RegExp(`, 0 timed now and ${timing.length} from the cache \\(training steps only\\)\\): trials`));

  // an entry of another calibration version (what was measured changed) is not read: timed again
  for (const name of readdirSync(join(cache, 'calibration'))) {
    const file = join(cache, 'calibration', name);
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), version: CALIBRATION_VERSION - 1 }));
  }
  const stale = await reftbench(['plan', tinySuite, '--data-dir', fixtures], cache);
  assert.equal(stale.code, 0);
  assert.equal(stale.err.filter((l) => l.startsWith('timing ')).length, timing.length, stale.err.join('\n'));

  const json = await reftbench(['plan', tinySuite, '--data-dir', fixtures, '--json'], tempDir('calibrate-json-cache'));
  assert.equal(json.code, 0);
  assert.equal((JSON.parse(json.out.join('\n')) as Plan).schemaVersion, 1, '--json prints the plan alone');
  assert.deepEqual(json.err.filter((l) => l.startsWith('timing ')), [], '--json times nothing');
});

test('plan --results: finished runs give their rate (no timing, no cache) and leave the estimate; what is left is said', { timeout: 180_000 }, async () => {
  const cache = tempDir('calibrate-results-cache');
  const results = join(tempDir('calibrate-results'), 'results');
  const ran = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results], cache);
  assert.equal(ran.code, 0, ran.err.join('\n'));
  const files = readdirSync(results).filter((n) => !n.startsWith('_'));
  assert.equal(files.length, 8);
  // the cache holds a rate of each model × task × method; the finished runs' rates are used over it
  const timed = await reftbench(['plan', tinySuite, '--data-dir', fixtures], cache);
  assert.equal(timed.err.filter((l) => l.startsWith('timing ')).length, 2, timed.err.join('\n'));
  const whole = (outcome: { out: string[] }) => outcome.out.join('\n').split('\n').find((l) => l.startsWith('estimated wall time here'))!;
  const left = (outcome: { out: string[] }) => outcome.out.join('\n').split('\n').find((l) => l.startsWith('still to run'));

  const done = await reftbench(['plan', tinySuite, '--data-dir', fixtures, '--results', results], cache);
  assert.equal(done.code, 0, done.err.join('\n'));
  assert.deepEqual(done.err.filter((l) => l.startsWith('timing ')), [], 'every model × task × method has finished runs: nothing timed');
  assert.match(whole(done), new RegExp(`: 2 from the finished runs in ${results.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(whole runs, evaluation included\\), 0 timed now and 0 from the cache`));
  assert.match(left(done)!, /^still to run: 0 of 8 runs \(8 finished in .*\): trials 0s, finals 0s, total 0s$/);

  // one final and one trial gone: the trial, its group's two finals (selection waits for it) and the final are left
  rmSync(join(results, files.find((n) => n.includes('.full.seed2.'))!));
  rmSync(join(results, files.find((n) => n.includes('.bitfit.trial1.'))!));
  const partial = await reftbench(['plan', tinySuite, '--data-dir', fixtures, '--results', results], cache);
  assert.equal(partial.code, 0, partial.err.join('\n'));
  assert.match(left(partial)!, /^still to run: 4 of 8 runs \(4 finished in .*\): trials \d+s, finals \d+s, total \d+s$/);

  // the suite edited since: `run` would refuse the folder, so nothing in it counts and the plan says why
  const edited = suiteVariant(tempDir('calibrate-edited'), (suite) => {
    suite.description = `${suite.description ?? ''} (edited)`;
  }, 'tiny.json');
  const refused = await reftbench(['plan', edited, '--data-dir', fixtures, '--results', results], cache);
  assert.equal(refused.code, 0, refused.err.join('\n'));
  assert.equal(left(refused), undefined, 'nothing counts as finished');
  const why = refused.out.join('\n').split('\n').find((l) => l.startsWith('nothing in '));
  assert.match(why ?? '', /^nothing in .*results counts as finished: it holds results of another suite or suite version \(\/.*\.json is from another version of suite "run-tiny" .*\), so `run` would refuse that folder; give `run` a fresh one \(--results\)$/);
});

test('GPU estimates: achieved FLOP/s per method kind from docs/measurements, the median for a kind not measured', () => {
  const root = tempDir('gpu-rates');
  mkdirSync(join(root, 'docs', 'measurements'), { recursive: true });
  const bench = { meta: { device: 'NVIDIA X1' }, rows: [
    { method: 'lora-qv', achieved_tflops: 100, error: '' },
    { method: 'lora-all', achieved_tflops: 50, error: '' },
    { method: 'full', achieved_tflops: 200, error: '' },
    { method: 'red', achieved_tflops: 999, error: 'out of memory' },
  ] };
  writeFileSync(join(root, 'docs', 'measurements', 'gpu-bench-x1.json'), JSON.stringify(bench));
  writeFileSync(join(root, 'docs', 'measurements', 'gpu-bench-broken.json'), '{');
  const [rates, ...more] = measuredGpuRates(root);
  assert.equal(more.length, 0, 'a broken file is skipped');
  assert.equal(rates!.device, 'NVIDIA X1');
  assert.equal(rates!.file, join('docs', 'measurements', 'gpu-bench-x1.md'));
  assert.deepEqual([...rates!.byKind], [['lora', 100e12], ['full', 200e12]]);
  assert.equal(rates!.other, 100e12);
  const plan = { groups: [
    { kind: 'lora', trials: [{ flops: 1e15, spec: { training: {} } }], finals: [{ estimatedFlops: 2e15 }] },
    { kind: 'loreft', trials: [{ flops: 1e15, spec: { training: {} } }], finals: [] },
  ] } as unknown as Plan;
  assert.deepEqual(gpuPlanTime(plan, rates!), { trialsSeconds: 20, finalsSeconds: 20 });
});
