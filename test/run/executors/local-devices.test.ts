/**
 * The local executor's devices, tested without a GPU by faking the device list: GPUs from
 * CUDA_VISIBLE_DEVICES or `nvidia-smi -L`; `--gpus` runs one torch worker per GPU, each started with
 * its own CUDA_VISIBLE_DEVICES (a fake Python records the environment it was given); `--jobs` over
 * the GPUs given is one message and exit 2; ort jobs split the cores (threads each run gets).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Backend, BackendRunRequest } from '../../../src/backends/backend.ts';
import { chooseGpus, parseNvidiaSmiList, visibleGpus } from '../../../src/run/executors/devices.ts';
import { localSlots, threadsPerJob } from '../../../src/run/executors/local-slots.ts';
import { isUserError } from '../../../src/errors.ts';
import { fixtures, readResults, reftbench, suiteVariant, tempDir, tinySuite } from '../helpers.ts';

test('GPUs come from CUDA_VISIBLE_DEVICES when set (empty: none), else from nvidia-smi -L', () => {
  const smi = 'GPU 0: NVIDIA H100 80GB HBM3 (UUID: GPU-1)\nGPU 1: NVIDIA H100 80GB HBM3 (UUID: GPU-2)\n';
  assert.deepEqual(parseNvidiaSmiList(smi), ['0', '1']);
  assert.deepEqual(visibleGpus({}, () => smi), ['0', '1']);
  assert.deepEqual(visibleGpus({ CUDA_VISIBLE_DEVICES: '4,6' }, () => smi), ['4', '6']);
  assert.deepEqual(visibleGpus({ CUDA_VISIBLE_DEVICES: '' }, () => smi), []);
  assert.deepEqual(visibleGpus({}, () => ''), []);
});

test('--gpus all takes every GPU; a list takes the ones named; an unknown GPU or none visible is a user error', () => {
  assert.deepEqual(chooseGpus('all', ['0', '1', '2'], 'run'), ['0', '1', '2']);
  assert.deepEqual(chooseGpus('2,0', ['0', '1', '2'], 'run'), ['2', '0']);
  assert.throws(() => chooseGpus('3', ['0', '1'], 'run'), (e: unknown) => isUserError(e) && /GPU "3", which is not visible here; the GPUs are 0, 1/.test(e.message));
  assert.throws(() => chooseGpus('all', [], 'run'), (e: unknown) => isUserError(e) && /no GPU is visible/.test(e.message));
  assert.throws(() => chooseGpus('0,0', ['0'], 'run'), (e: unknown) => isUserError(e) && /each GPU once/.test(e.message));
});

function recordingBackend(name: 'ort' | 'torch', seen: number[]): Backend {
  return {
    name,
    device: () => 'cpu',
    unsupported: () => undefined,
    libraries: () => ({}),
    run: async (request: BackendRunRequest) => {
      seen.push(request.spec.backend.threads);
      throw new Error('recorded');
    },
    close: async () => {},
  };
}

test('ort jobs split the cores: threads per job = cores / jobs for a suite that leaves threads at 0; a set value is kept', async () => {
  assert.equal(threadsPerJob(16, 4), 4);
  assert.equal(threadsPerJob(2, 3), 1);
  const seen: number[] = [];
  const backend = recordingBackend('ort', seen);
  const slots = localSlots({ command: 'run', backend, jobs: 4, gpus: undefined, env: {}, cores: 16, openTorch: () => backend });
  assert.equal(slots.length, 4);
  const spec = (threads: number) => ({ spec: { backend: { name: 'ort', threads, deterministic: true } } }) as unknown as BackendRunRequest;
  await assert.rejects(slots[0]!.backend.run(spec(0)));
  await assert.rejects(slots[3]!.backend.run(spec(3)));
  assert.deepEqual(seen, [4, 3]);
  const single = localSlots({ command: 'run', backend, jobs: undefined, gpus: undefined, env: {}, cores: 16, openTorch: () => backend });
  assert.equal(single.length, 1);
  assert.equal(single[0]!.backend, backend, 'one job keeps the engine default, as before');
});

test('--jobs over the GPUs given, or --gpus on the ort backend, is one message and exit 2 before anything is written', async () => {
  const cache = tempDir('gpus-cache');
  const results = join(tempDir('gpus-results'), 'r');
  const over = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results, '--backend', 'torch', '--gpus', '0,1', '--jobs', '3'], cache, { CUDA_VISIBLE_DEVICES: '0,1,2' });
  assert.equal(over.code, 2);
  assert.equal(over.err.length, 1, over.err.join('\n'));
  assert.match(over.err[0]!, /--jobs 3 is more than the 2 GPUs given \(--gpus 0,1\).*--jobs 2 or fewer/);
  const ort = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results, '--gpus', 'all'], cache, { CUDA_VISIBLE_DEVICES: '0' });
  assert.equal(ort.code, 2);
  assert.match(ort.err.join('\n'), /--gpus places torch workers on GPUs, but this suite runs on the ort backend/);
});

test('--gpus all runs one torch worker per GPU, each started with its own CUDA_VISIBLE_DEVICES', async () => {
  const dir = tempDir('gpus-env');
  // A fake Python: it records the environment it was started with and fails, so every run is
  // recorded as failed with that line in its stderr tail. The suite needs no .venv for that.
  const python = join(dir, 'python');
  writeFileSync(python, '#!/bin/sh\necho "worker CUDA_VISIBLE_DEVICES=$CUDA_VISIBLE_DEVICES" >&2\nsleep 0.3\nexit 3\n');
  chmodSync(python, 0o755);
  const suite = suiteVariant(dir, (s) => { s.backend = { ...s.backend, prefer: 'torch' }; });
  const results = join(dir, 'results');
  const { runBenchPipeline } = await import('../../../src/run/bench-pipeline.ts');
  const registry = await import('../../../src/backends/registry.ts');
  if (!registry.hasTorchEnv()) {
    // openBackend('torch') needs .venv/; the slots themselves do not: check them directly.
    const { TorchBackend } = await import('../../../src/backends/torch-backend.ts');
    const slots = localSlots({ command: 'run', backend: new TorchBackend(), jobs: undefined, gpus: ['3', '5'], env: { REFTBENCH_PYTHON: python }, openTorch: (env) => new TorchBackend({ env }) });
    assert.deepEqual(slots.map((s) => s.label), ['gpu 3', 'gpu 5']);
    return;
  }
  const err: string[] = [];
  const outcome = await runBenchPipeline(
    { suiteFile: suite, resultsDir: results, dataDir: fixtures, gpus: 'all' },
    { out: () => undefined, err: (t) => err.push(t), cwd: dir, env: { ...process.env, REFTBENCH_CACHE_DIR: tempDir('gpus-env-cache'), REFTBENCH_PYTHON: python, CUDA_VISIBLE_DEVICES: '3,5' } },
  );
  assert.equal(outcome.exitCode, 1, err.join('\n'));
  const tails = [...readResults(results).values()].map((r) => {
    assert.equal(r.status, 'failed');
    return /worker CUDA_VISIBLE_DEVICES=(\S*)/.exec(r.failure!.stderrTail)?.[1];
  });
  assert.equal(tails.length, 4, 'the four trials ran (all failed, so no finals)');
  assert.deepEqual([...new Set(tails)].sort(), ['3', '5'], 'both GPUs ran trials, each worker saw only its own');
});
