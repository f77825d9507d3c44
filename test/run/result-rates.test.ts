/**
 * Rates from finished results (src/run/result-rates.ts): per model × task × method kind, the sum of
 * their FLOPs over the sum of their wall seconds; failed runs and runs of another backend, device
 * or machine do not count.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { rateKey } from '../../src/run/plan-time.ts';
import { ratesFromResults } from '../../src/run/result-rates.ts';
import type { RunResult } from '../../src/types/result.ts';

const here = { cpu: cpus()[0]?.model ?? 'unknown', cores: Math.max(1, cpus().length) };
function result(task: string, kind: string, flops: number, wallSeconds: number, change: (r: RunResult) => void = () => {}): RunResult {
  const r = {
    status: 'ok',
    spec: { model: { id: 'm' }, task: { id: task }, method: { kind }, backend: { name: 'ort' } },
    hardware: { device: 'cpu', ...here },
    compute: { flops, wallSeconds },
  } as unknown as RunResult;
  change(r);
  return r;
}

test('sum of FLOPs over sum of wall seconds per model × task × method kind, this machine and backend only', () => {
  const rates = ratesFromResults([
    result('sst2', 'loreft', 30e9, 1),
    result('sst2', 'loreft', 10e9, 3),
    result('mrpc', 'loreft', 50e9, 1),
    result('sst2', 'lora', 1e9, 1, (r) => { r.status = 'failed'; }),
    result('sst2', 'lora', 1e9, 1, (r) => { r.spec.backend.name = 'torch'; }),
    result('sst2', 'lora', 1e9, 1, (r) => { r.hardware.device = 'cuda:0'; }),
    result('sst2', 'lora', 1e9, 1, (r) => { r.hardware.cores = here.cores + 1; }),
    result('sst2', 'lora', 1e9, 1, (r) => { r.hardware.cpu = `${here.cpu} (another)`; }),
  ], { backend: 'ort', device: 'cpu' });
  assert.deepEqual([...rates.keys()].sort(), [rateKey('m', 'mrpc', 'loreft'), rateKey('m', 'sst2', 'loreft')].sort());
  assert.deepEqual(rates.get(rateKey('m', 'sst2', 'loreft')), { flopsPerSecond: 10e9, perRunSeconds: 0, source: 'results', runs: 2 });
  assert.equal(rates.get(rateKey('m', 'mrpc', 'loreft'))!.flopsPerSecond, 50e9);
});
