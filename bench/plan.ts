/**
 * Validation + planning time of a suite that expands to 10,000 runs (target: under 1 s).
 * Run: `npm run bench:plan`. Prints the time of each stage (median of 5 repeats after a warm-up).
 */
import { performance } from 'node:perf_hooks';
import { parseSuiteText } from '../src/suite/load-suite.ts';
import { buildPlan } from '../src/plan/build-plan.ts';
import type { Suite } from '../src/types/suite.ts';

/** 1 model × 10 tasks × 10 methods × (50 trials + 50 seeds) = 10,000 runs. */
function bigSuite(): Suite {
  const kinds = ['loreft', 'noreft', 'direft', 'nodireft', 'consreft', 'lobireft', 'lora', 'dora', 'red', 'ia3'] as const;
  return {
    $schema: '../schemas/suite.schema.json',
    name: 'plan-benchmark',
    models: [{ id: 'roberta-base', source: 'hf:FacebookAI/roberta-base@main', family: 'encoder', preset: 'roberta-base' }],
    tasks: Array.from({ length: 10 }, (_, i) => ({
      id: `task${i}`,
      source: `synthetic:sentiment@${i}`,
      type: 'classification' as const,
      numLabels: 2,
      maxLength: 128,
      metrics: [{ name: 'accuracy' as const, direction: 'max' as const }],
      split: { train: { of: 'train' as const }, dev: { of: 'train' as const, size: 500 }, test: { of: 'validation' as const } },
      examples: { train: 10_000 + i, validation: 1000 },
    })),
    methods: kinds.map((kind) => ({
      id: kind,
      kind,
      search: {
        ...(kind === 'red' || kind === 'ia3' ? { layers: ['all', 'top4', 'top8'] } : { rank: { min: 1, max: 16 }, dropout: [0, 0.05, 0.1] }),
        lr: { min: 1e-5, max: 1e-2, scale: 'log' as const },
        batchSize: [16, 32],
      },
    })),
    budget: { params: { maxPercent: 5 }, compute: { rule: 'flops', match: { method: 'lora', rule: 'epochs', amount: 3 } } },
    tuning: { strategy: 'random', trials: 50, seed: 0, select: { split: 'dev', metric: 'accuracy' } },
    seeds: Array.from({ length: 50 }, (_, i) => i),
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const text = JSON.stringify(bigSuite(), null, 2);
const validateTimes: number[] = [];
const planTimes: number[] = [];
let runs = 0;
for (let i = 0; i < 6; i++) {
  const t0 = performance.now();
  const loaded = parseSuiteText(text, 'plan-benchmark.json');
  const t1 = performance.now();
  const plan = buildPlan(loaded);
  const t2 = performance.now();
  runs = plan.totals.trialRuns + plan.totals.finalRuns;
  if (i === 0) continue; // warm-up: module compilation and ajv's schema compilation
  validateTimes.push(t1 - t0);
  planTimes.push(t2 - t1);
}
const v = median(validateTimes);
const p = median(planTimes);
process.stdout.write(
  `suite expanding to ${runs.toLocaleString('en-US')} runs: validate ${v.toFixed(1)} ms + plan ${p.toFixed(1)} ms = ${(v + p).toFixed(1)} ms ` +
    `(median of ${planTimes.length}; target < 1000 ms) ${v + p < 1000 ? 'OK' : 'TOO SLOW'}\n`,
);
