/**
 * `plan` ends with the wall time per phase on this machine: a few training steps of each model ×
 * method timed once through the backend (src/run/calibrate.ts), cached per machine, so the next plan
 * times nothing; the estimate is the planned FLOPs at the measured rates (a seconds rule: its budget),
 * and the same on each GPU measured in docs/measurements/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimatePlanTime, type Calibration } from '../../src/run/calibrate.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import { gpuPlanTime, measuredGpuRates } from '../../src/run/gpu-rates.ts';
import { fixtures, reftbench, tempDir, tinySuite } from './helpers.ts';

test('plan times each model × method once, caches the rate and prints trials, finals and total', { timeout: 120_000 }, async () => {
  const cache = tempDir('calibrate-cache');
  const first = await reftbench(['plan', tinySuite, '--data-dir', fixtures], cache);
  assert.equal(first.code, 0, first.err.join('\n'));
  const timing = first.err.filter((l) => l.startsWith('timing a few'));
  assert.ok(timing.length >= 1, first.err.join('\n'));
  const lines = first.out.join('\n').split('\n');
  const line = lines.find((l) => l.startsWith('estimated wall time here'))!;
  assert.match(line, new RegExp(`^estimated wall time here \\(ort, cpu, training only, at the rate of each model × method: ${timing.length} timed now, 0 from the cache\\): trials \\d+s, finals \\d+s, total \\d+s$`));
  assert.equal(readdirSync(join(cache, 'calibration')).length, timing.length, 'one cached rate per model × method');
  assert.match(lines.at(-1)!, /^on an NVIDIA H200 at the throughput measured in docs\/measurements\/gpu-bench-h200-2026-11-26\.md .*: trials \d+s, finals \d+s, total \d+s$/);

  const second = await reftbench(['plan', tinySuite, '--data-dir', fixtures], cache);
  assert.equal(second.code, 0);
  assert.deepEqual(second.err.filter((l) => l.startsWith('timing a few')), [], 'nothing timed the second time');
  assert.match(second.out.join('\n').split('\n').find((l) => l.startsWith('estimated wall time here'))!, new RegExp(`: 0 timed now, ${timing.length} from the cache\\): trials`));

  const json = await reftbench(['plan', tinySuite, '--data-dir', fixtures, '--json'], tempDir('calibrate-json-cache'));
  assert.equal(json.code, 0);
  assert.equal((JSON.parse(json.out.join('\n')) as Plan).schemaVersion, 1, '--json prints the plan alone');
  assert.deepEqual(json.err.filter((l) => l.startsWith('timing a few')), [], '--json times nothing');
});

test('the estimate: planned FLOPs at each model × method rate plus its first-step overhead; a seconds rule counts its budget', () => {
  const rate: Calibration = { flopsPerSecond: 1e9, secondsPerStep: 0.1, firstStepSeconds: 2, device: 'cpu', measuredAt: '' };
  const trial = (flops: number, secondsBudget?: number) => ({ flops, spec: { training: secondsBudget === undefined ? {} : { secondsBudget } } });
  const plan = {
    groups: [
      { modelId: 'm', kind: 'lora', trials: [trial(10e9), trial(20e9)], finals: [{ estimatedFlops: 15e9 }, { estimatedFlops: 15e9 }] },
      { modelId: 'm', kind: 'loreft', trials: [trial(1e9, 30)], finals: [{ estimatedFlops: 1e9 }] },
    ],
  } as unknown as Plan;
  const rates = new Map([[`m\u0000lora`, rate], [`m\u0000loreft`, { ...rate, flopsPerSecond: 1e8 }]]);
  assert.deepEqual(estimatePlanTime(plan, rates), { trialsSeconds: 12 + 22 + 32, finalsSeconds: 17 + 17 + 32 });
  assert.equal(estimatePlanTime(plan, new Map([[`m\u0000lora`, rate]])), undefined, 'a model × method without a rate: no estimate');
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
