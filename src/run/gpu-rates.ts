/**
 * Training throughput measured on GPUs (docs/measurements/gpu-bench-*.json, made by the torch
 * worker's GPU benchmark): achieved FLOP/s per method kind, in the planner's FLOPs model, so `plan`
 * can say what a suite would take on that card. The benchmark's model is large (1B parameters, batch
 * 16 × 512), where a GPU runs near its best; small models reach less, so the estimate is a lower bound.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../repo-root.ts';
import type { Plan } from '../plan/plan-types.ts';

export interface GpuRates {
  device: string;
  /** The measurement file, relative to the checkout. */
  file: string;
  /** Achieved FLOP/s by method kind; `other` for a kind the benchmark did not run (their median). */
  byKind: Map<string, number>;
  other: number;
}

interface BenchFile {
  meta?: { device?: unknown };
  rows?: Array<{ method?: unknown; achieved_tflops?: unknown; error?: unknown }>;
}

/** Every GPU measurement in docs/measurements/ that holds usable rows. */
export function measuredGpuRates(root: string = REPO_ROOT): GpuRates[] {
  const dir = join(root, 'docs', 'measurements');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^gpu-bench-.*\.json$/.test(n)).sort();
  } catch {
    return [];
  }
  const out: GpuRates[] = [];
  for (const name of names) {
    let bench: BenchFile;
    try {
      bench = JSON.parse(readFileSync(join(dir, name), 'utf8')) as BenchFile;
    } catch {
      continue;
    }
    const byKind = new Map<string, number>();
    const all: number[] = [];
    for (const row of bench.rows ?? []) {
      if (typeof row.method !== 'string' || typeof row.achieved_tflops !== 'number' || !(row.achieved_tflops > 0) || (typeof row.error === 'string' && row.error !== '')) continue;
      // 'lora-qv' and 'lora-all' are settings of one kind: the first listed (the common one) stands for it
      const kind = row.method.split('-')[0]!;
      if (!byKind.has(kind)) byKind.set(kind, row.achieved_tflops * 1e12);
      all.push(row.achieved_tflops * 1e12);
    }
    if (all.length === 0 || typeof bench.meta?.device !== 'string') continue;
    all.sort((a, b) => a - b);
    out.push({ device: bench.meta.device, file: join('docs', 'measurements', name.replace(/\.json$/, '.md')), byKind, other: all[Math.floor(all.length / 2)]! });
  }
  return out;
}

/** Training seconds of the plan's phases at a GPU's measured rates. */
export function gpuPlanTime(plan: Plan, rates: GpuRates): { trialsSeconds: number; finalsSeconds: number } {
  let trialsSeconds = 0;
  let finalsSeconds = 0;
  for (const group of plan.groups) {
    const rate = rates.byKind.get(group.kind) ?? rates.other;
    for (const trial of group.trials) trialsSeconds += trial.spec.training.secondsBudget ?? trial.flops / rate;
    for (const final of group.finals) finalsSeconds += group.trials[0]?.spec.training.secondsBudget ?? final.estimatedFlops / rate;
  }
  return { trialsSeconds, finalsSeconds };
}
