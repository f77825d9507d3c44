/**
 * One data path, checked through the command line: the same MiniLM suite on real SST-2 rows (LoReFT,
 * LoRA and full fine-tuning, 20 steps, the ort engine's initial values on both backends) run with
 * `--backend ort` and `--backend torch` trains every run on the same batch schedule (same hash),
 * with per-step losses within 1e-3 relative, and ≥ 99% of the test predictions identical. Needs the
 * torch venv (.venv/), all-MiniLM-L6-v2 (`npm run setup:models`) and the GLUE files
 * (REFTBENCH_DATA_DIR); skipped with the reason otherwise (CI has all three).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasTorchEnv } from '../../src/backends/registry.ts';
import type { RunResult } from '../../src/types/result.ts';
import { readResults, reftbench, repo, tempDir } from '../run/helpers.ts';

const minilm = join(repo, '.cache', 'models', 'all-MiniLM-L6-v2');
const skip = !hasTorchEnv() ? 'the torch venv (.venv/) is missing: npm run setup:torch'
  : !existsSync(join(minilm, 'config.json')) ? 'all-MiniLM-L6-v2 is missing: npm run setup:models'
  : !process.env.REFTBENCH_DATA_DIR ? 'REFTBENCH_DATA_DIR is not set (the GLUE files)'
  : false;

const fixedLr = (lr: number) => ({ lr });

function writeSuite(dir: string): string {
  const suite = {
    $schema: join(repo, 'schemas', 'suite.schema.json'),
    name: 'cross-backend',
    models: [{ id: 'minilm', source: minilm, family: 'encoder', dtype: 'float32', preset: 'all-MiniLM-L6-v2' }],
    tasks: [{
      id: 'sst2', source: 'glue/sst2', type: 'classification', numLabels: 2, maxLength: 48, metrics: [{ name: 'accuracy', direction: 'max' }],
      split: { train: { of: 'train', limit: 320 }, dev: { of: 'train', size: 64, seed: 42 }, test: { of: 'train', size: 200, seed: 7 } },
      examples: { train: 67349, validation: 872 },
    }],
    methods: [
      { id: 'loreft', kind: 'loreft', search: { rank: 4, layers: 'all', positions: 'f1+l1', ...fixedLr(0.01) } },
      { id: 'lora', kind: 'lora', search: { rank: 8, alpha: 16, targets: 'query,value', ...fixedLr(0.002) } },
      { id: 'full', kind: 'full', search: { ...fixedLr(5e-5) } },
    ],
    training: { batchSize: 16, evalBatchSize: 32, schedule: 'linear', warmupRatio: 0.1, maxGradNorm: 1, weightDecay: 0 },
    budget: { compute: { rule: 'steps', amount: 20 } },
    tuning: { strategy: 'random', trials: 1, seed: 0, select: { split: 'dev' } },
    seeds: [1],
    backend: { prefer: 'ort', threads: 2, deterministic: true, initialValues: 'ort' },
  };
  const file = join(dir, 'cross-backend.json');
  writeFileSync(file, JSON.stringify(suite, null, 2));
  return file;
}

/** Results keyed by what identifies a run apart from its backend. */
function byRole(results: Map<string, RunResult>): Map<string, RunResult> {
  return new Map([...results.values()].map((r) => [`${r.spec.method.id}/${r.spec.phase}/${r.spec.phase === 'trial' ? r.spec.trial : r.spec.seed}`, r]));
}

test('ort and torch train the same batches from the same start: same schedule hash, losses within 1e-3, predictions ≥ 99% identical', { skip, timeout: 2_400_000 }, async () => {
  const dir = tempDir('cross-backend');
  const suite = writeSuite(dir);
  const cache = join(dir, 'cache');
  const runs: Record<string, Map<string, RunResult>> = {};
  for (const backend of ['ort', 'torch'] as const) {
    const outcome = await reftbench(['run', suite, '--backend', backend, '--results', join(dir, backend)], cache);
    assert.equal(outcome.code, 0, `${backend}: ${outcome.err.join('\n')}`);
    runs[backend] = byRole(readResults(join(dir, backend)));
  }
  const ort = runs.ort!;
  const torch = runs.torch!;
  assert.deepEqual([...ort.keys()].sort(), [...torch.keys()].sort());
  assert.equal(ort.size, 6, 'three methods × (one trial + one final run)');
  const report: string[] = [];
  for (const [role, a] of ort) {
    const b = torch.get(role)!;
    assert.equal(a.status, 'ok', `${role} on ort: ${a.failure?.reason}`);
    assert.equal(b.status, 'ok', `${role} on torch: ${b.failure?.reason}`);
    assert.equal(a.versions.engine.startsWith('ort-'), true);
    assert.equal(b.versions.engine.startsWith('torch-'), true);
    assert.equal(a.compute.scheduleHash, b.compute.scheduleHash, `${role}: the batch schedules differ`);
    assert.equal(a.compute.tokens, b.compute.tokens, `${role}: the real tokens differ`);
    assert.equal(a.lossCurve.length, 20);
    assert.equal(b.lossCurve.length, 20);
    let worst = 0;
    a.lossCurve.forEach((p, i) => {
      const q = b.lossCurve[i]!;
      worst = Math.max(worst, Math.abs(p.loss! - q.loss!) / Math.abs(q.loss!));
    });
    report.push(`${role}: max relative loss difference ${worst.toExponential(2)}`);
    assert.ok(worst <= 1e-3, `${role}: per-step losses differ by up to ${worst} relative (ort ${a.lossCurve.map((p) => p.loss!.toFixed(5))}, torch ${b.lossCurve.map((p) => p.loss!.toFixed(5))})`);
    if (a.spec.phase === 'final') {
      const pa = a.predictions!.predicted;
      const pb = b.predictions!.predicted;
      const same = pa.filter((v, i) => v === pb[i]).length / pa.length;
      report.push(`${role}: ${(100 * same).toFixed(1)}% identical test predictions`);
      assert.ok(same >= 0.99, `${role}: only ${(100 * same).toFixed(1)}% of the test predictions agree`);
    }
  }
  process.stdout.write(`${report.join('\n')}\n`);
});
