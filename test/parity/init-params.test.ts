/**
 * Both backends honour a run spec's `initParams` (issue 7): for loreft and lora on the parity
 * fixture's tiny RoBERTa, one initParams file in the worker's names (the parity case's file —
 * the ort method's initialisation with its all-zero tensors made non-trivial — with every tensor
 * but R's parametrization then shifted, so it is no backend's own start) is given to the ort
 * *backend* (OrtBackend.run, the runner's path) and to the torch worker: their step-0 losses are
 * the same (relative difference < 1e-5), while the ort backend without the file starts elsewhere.
 * Skipped only when the torch environment is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrtBackend } from '../../src/backends/ort/backend.ts';
import { REPO_ROOT } from '../../src/repo-root.ts';
import { decodeSafetensors, encodeSafetensors } from '../../src/models/safetensors.ts';
import type { RunSpec } from '../../src/types/run-spec.ts';
import { writeParityModel } from './parity-fixture.ts';
import { prepareCase, readWorkerEvents, runWorkerJobs, type ParityCase } from './parity-run.ts';

const PYTHON = join(REPO_ROOT, '.venv', 'bin', 'python');
const skip = existsSync(PYTHON) ? false : `no torch environment at ${PYTHON}: run \`npm run setup:torch\` to create it`;

const CASES: ParityCase[] = [
  { family: 'encoder', kind: 'loreft', config: { rank: 4, positions: 'f2+l2', tied: false }, lr: 1e-2 },
  { family: 'encoder', kind: 'lora', config: { rank: 4, alpha: 8 }, lr: 1e-2 },
];

async function ortFirstLoss(spec: RunSpec, modelDir: string): Promise<number> {
  const out = await new OrtBackend().run({ spec: { ...spec, backend: { name: 'ort', threads: 1, deterministic: true } }, modelDir, signal: new AbortController().signal, onStep: () => {} });
  assert.equal(out.status, 'ok');
  return out.lossCurve[0]!.loss!;
}

test('the same initParams give the same step-0 loss on the ort backend and the torch worker (loreft, lora)', { skip, timeout: 5 * 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-init-parity-'));
  const model = writeParityModel(dir, 'encoder');
  const specs: RunSpec[] = [];
  const jobs = [];
  for (const c of CASES) {
    const { job } = await prepareCase(dir, model, c);
    const spec = JSON.parse(readFileSync(job.specPath, 'utf8')) as RunSpec & { initParams: string };
    // A start that is neither backend's own: every tensor but R's parametrization shifted.
    const tensors = decodeSafetensors(readFileSync(spec.initParams), spec.initParams).tensors;
    for (const [name, tensor] of tensors) {
      if (!name.includes('rotate')) tensors.set(name, { shape: tensor.shape, data: tensor.data.map((v, i) => v + 0.05 * Math.sin(3 * i + 1)) });
    }
    spec.initParams = join(dir, `shifted-${c.kind}.safetensors`);
    writeFileSync(spec.initParams, encodeSafetensors(tensors, { format: 'pt' }));
    spec.training.steps = 1;
    writeFileSync(job.specPath, JSON.stringify(spec));
    specs.push(spec);
    jobs.push(job);
  }
  assert.deepEqual(await runWorkerJobs(PYTHON, jobs), [0, 0]);
  for (const [i, c] of CASES.entries()) {
    const torchLoss = readWorkerEvents(jobs[i]!.eventsPath).find((e) => e.type === 'step')!.loss!;
    const ortLoss = await ortFirstLoss(specs[i]!, model.dir);
    const rel = Math.abs(ortLoss - torchLoss) / Math.abs(torchLoss);
    t.diagnostic(`${c.kind}: step-0 loss ort ${ortLoss}, torch ${torchLoss}, relative difference ${rel.toExponential(1)}`);
    assert.ok(rel < 1e-5, `${c.kind}: ort ${ortLoss}, torch ${torchLoss}`);
    // Without the file the ort backend starts from its own seeded values: the check can fail.
    const { initParams: _, ...own } = specs[i]!;
    const ortOwn = await ortFirstLoss(own, model.dir);
    t.diagnostic(`${c.kind}: ort from its own seeded start ${ortOwn}`);
    assert.ok(Math.abs(ortOwn - torchLoss) / Math.abs(torchLoss) > 1e-4, `${c.kind}: the seeded ort start (${ortOwn}) should differ from the file's (${torchLoss})`);
  }
});
