/**
 * Both backends honour a run spec's `initParams` (issue 7): on the parity fixture's tiny RoBERTa,
 * the torch worker's own initialisation is dumped (`--dump-init`), every all-zero tensor in it
 * (LoRA's B) replaced by small seeded values, and the file given as `initParams` to the ort
 * *backend* (OrtBackend.run, the runner's path) and to the worker: their step-0 losses are then the
 * same (relative difference < 1e-5) for loreft and lora, while the ort backend without the file
 * starts elsewhere. Skipped only when the torch environment is missing.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OrtBackend } from '../../src/backends/ort/backend.ts';
import { REPO_ROOT, runTorchWorker } from '../../src/backends/torch/adapter.ts';
import { methods } from '../../src/methods/registry.ts';
import { resolveHparams } from '../../src/methods/resolve-hparams.ts';
import { decodeSafetensors, encodeSafetensors } from '../../src/models/safetensors.ts';
import type { RunSpec } from '../../src/types/run-spec.ts';
import { parityRunSpec, writeParityModel, writeParitySplit } from './parity-fixture.ts';

const PYTHON = join(REPO_ROOT, '.venv', 'bin', 'python');
const skip = existsSync(PYTHON) ? false : `no torch environment at ${PYTHON}: run \`npm run setup:torch\` to create it`;

/** Small seeded values in ±0.05 (a deterministic LCG), for the all-zero tensors of a dump. */
function seededSmall(length: number, salt: number): Float32Array {
  const out = new Float32Array(length);
  let state = (0x2545f491 ^ salt) >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = (state / 2 ** 32 - 0.5) * 0.1;
  }
  return out;
}

async function ortFirstLoss(spec: RunSpec, modelDir: string): Promise<number> {
  const out = await new OrtBackend().run({ spec: { ...spec, backend: { name: 'ort', threads: 1, deterministic: true } }, modelDir, signal: new AbortController().signal, onStep: () => {} });
  assert.equal(out.status, 'ok');
  return out.lossCurve[0]!.loss!;
}

test('the same initParams give the same step-0 loss on the ort backend and the torch worker (loreft, lora)', { skip, timeout: 5 * 60_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-init-parity-'));
  const model = writeParityModel(dir, 'encoder');
  const train = await writeParitySplit(dir, model.arch, 'encoder', 'train');
  const dev = await writeParitySplit(dir, model.arch, 'encoder', 'dev');
  for (const [kind, config] of [['loreft', { rank: 4, positions: 'f2+l2', tied: false }], ['lora', { rank: 4, alpha: 8 }]] as const) {
    const resolved = resolveHparams(methods[kind], config, model.arch);
    assert.ok(resolved.ok);
    const spec = parityRunSpec({ family: 'encoder', model, kind, hparams: resolved.hparams, lr: 1e-2, train, dev, initParams: 'set below' });
    delete spec.initParams;
    spec.training.steps = 1;

    // 1. The worker's own initialisation, with every all-zero tensor made non-trivial.
    const dumped = join(dir, `dump-${kind}.safetensors`);
    const bareSpec = join(dir, `spec-bare-${kind}.json`);
    writeFileSync(bareSpec, JSON.stringify(spec));
    assert.equal((await runTorchWorker({ specPath: bareSpec, dumpInit: dumped })).status, 'ok');
    const tensors = decodeSafetensors(readFileSync(dumped), dumped).tensors;
    [...tensors].forEach(([name, t], i) => {
      if (!name.includes('rotate') && t.data.every((v) => v === 0)) tensors.set(name, { shape: t.shape, data: seededSmall(t.data.length, i + 1) });
    });
    const initParams = join(dir, `init-${kind}.safetensors`);
    writeFileSync(initParams, encodeSafetensors(tensors, { format: 'pt' }));

    // 2. Both backends from that file.
    const withInit: RunSpec = { ...spec, initParams };
    const specPath = join(dir, `spec-${kind}.json`);
    writeFileSync(specPath, JSON.stringify(withInit));
    const worker = await runTorchWorker({ specPath });
    assert.equal(worker.status, 'ok');
    const torchLoss = worker.steps[0]!.loss!;
    const ortLoss = await ortFirstLoss(withInit, model.dir);
    const rel = Math.abs(ortLoss - torchLoss) / Math.abs(torchLoss);
    t.diagnostic(`${kind}: step-0 loss ort ${ortLoss}, torch ${torchLoss}, relative difference ${rel.toExponential(1)}`);
    assert.ok(rel < 1e-5, `${kind}: ort ${ortLoss}, torch ${torchLoss}`);

    // 3. Without the file the ort backend starts from its own seeded values: the check can fail.
    const ortOwn = await ortFirstLoss(spec, model.dir);
    t.diagnostic(`${kind}: ort from its own seeded start ${ortOwn}`);
    assert.ok(Math.abs(ortOwn - torchLoss) / Math.abs(torchLoss) > 1e-4, `${kind}: the seeded ort start (${ortOwn}) should differ from the file's (${torchLoss})`);
  }
});
