/**
 * `plan` ends with the wall time per phase on this machine: a few training steps of each model ×
 * method timed once through the backend (src/run/calibrate.ts), cached per machine, so the next plan
 * times nothing; the estimate is the planned FLOPs at the measured rates (a seconds rule: its budget).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { estimatePlanTime, type Calibration } from '../../src/run/calibrate.ts';
import type { Plan } from '../../src/plan/plan-types.ts';
import { fixtures, reftbench, tempDir, tinySuite } from './helpers.ts';

test('plan times each model × method once, caches the rate and prints trials, finals and total', { timeout: 120_000 }, async () => {
  const cache = tempDir('calibrate-cache');
  const first = await reftbench(['plan', tinySuite, '--data-dir', fixtures], cache);
  assert.equal(first.code, 0, first.err.join('\n'));
  const timing = first.err.filter((l) => l.startsWith('timing a few'));
  assert.ok(timing.length >= 1, first.err.join('\n'));
  const line = first.out.join('\n').split('\n').at(-1)!;
  assert.match(line, new RegExp(`^estimated wall time here \\(ort, cpu, training only, at the rate of each model × method: ${timing.length} timed now, 0 from the cache\\): trials \\d+s, finals \\d+s, total \\d+s$`));
  assert.equal(readdirSync(join(cache, 'calibration')).length, timing.length, 'one cached rate per model × method');

  const second = await reftbench(['plan', tinySuite, '--data-dir', fixtures], cache);
  assert.equal(second.code, 0);
  assert.deepEqual(second.err.filter((l) => l.startsWith('timing a few')), [], 'nothing timed the second time');
  assert.match(second.out.join('\n').split('\n').at(-1)!, new RegExp(`: 0 timed now, ${timing.length} from the cache\\): trials`));

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
