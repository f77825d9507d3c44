/**
 * The rate each model × task × method kind ran at here, read from finished results: the sum of
 * their training FLOPs over the sum of their wall seconds. A result's `compute.wallSeconds` is the
 * whole run (loading the model, building the graph, training and evaluation: src/run/execute-run.ts),
 * so this rate already counts all of that. Only successful results of the same backend, device, CPU
 * model and core count count: they are the best evidence of how fast the remaining runs will go
 * (they ran with the same data, shapes and concurrency), better than a few timed steps.
 */
import { cpus } from 'node:os';
import type { RunResult } from '../types/result.ts';
import { rateKey, type RunRate } from './plan-time.ts';

/** The backend and machine a result must have run on to count. */
export interface Machine {
  backend: string;
  device: string;
}

/** Rates per `rateKey`, from the successful results of `results` made on `machine`. */
export function ratesFromResults(results: Iterable<RunResult>, machine: Machine): Map<string, RunRate> {
  const cpu = cpus();
  const sums = new Map<string, { flops: number; seconds: number; runs: number }>();
  for (const r of results) {
    if (r.status !== 'ok' || r.spec.backend.name !== machine.backend || r.hardware.device !== machine.device) continue;
    if (r.hardware.cpu !== (cpu[0]?.model ?? 'unknown') || r.hardware.cores !== Math.max(1, cpu.length)) continue;
    if (!(r.compute.flops > 0 && r.compute.wallSeconds > 0)) continue;
    const key = rateKey(r.spec.model.id, r.spec.task.id, r.spec.method.kind);
    const sum = sums.get(key) ?? { flops: 0, seconds: 0, runs: 0 };
    sums.set(key, { flops: sum.flops + r.compute.flops, seconds: sum.seconds + r.compute.wallSeconds, runs: sum.runs + 1 });
  }
  return new Map([...sums].map(([key, s]) => [key, { flopsPerSecond: s.flops / s.seconds, perRunSeconds: 0, source: 'results', runs: s.runs }]));
}
