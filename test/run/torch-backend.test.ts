/**
 * The torch backend adapter, driven by a stand-in worker (REFTBENCH_PYTHON pointing at a small
 * script that speaks the event protocol), so it runs without PyTorch: the worker receives the
 * prepared model directory, and its events become the loss curve, compute, params and predictions;
 * a crash is a BackendCrash carrying the stderr tail; a NaN loss is a diverged output. Runs reuse
 * one worker process; a run that crashes, fails or is stopped ends its process, fails only itself,
 * and the next run starts a fresh one.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BackendCrash } from '../../src/backends/backend.ts';
import { TorchBackend } from '../../src/backends/torch-backend.ts';
import type { RunSpec } from '../../src/types/run-spec.ts';
import { tempDir } from './helpers.ts';

/**
 * A fake interpreter: `python -m reftbench_worker <spec>` → events chosen by FAKE_MODE (or by a
 * `crash`/`diverge`/`hang` in the run id); `--serve` takes spec requests on stdin, one per line,
 * and answers each with its events and a done line, as serve.py does. Its pid is its `pid` library.
 */
function fakeWorker(dir: string): string {
  const file = join(dir, 'python');
  writeFileSync(file, `#!${process.execPath}
const fs = require('node:fs');
const say = (e) => process.stdout.write(JSON.stringify(e) + '\\n');
function runOne(specPath) {
  const spec = JSON.parse(fs.readFileSync(specPath, 'utf8'));
  fs.writeFileSync(process.env.FAKE_SEEN, JSON.stringify(spec));
  const mode = /crash|diverge|hang/.exec(spec.runId)?.[0] ?? process.env.FAKE_MODE;
  process.stderr.write('log of ' + spec.runId + '\\n');
  say({ type: 'start', runId: spec.runId, backend: 'torch', backendVersion: 'fake', device: 'Fake GPU', dtype: 'float32', params: { trainable: 10, head: 2, base: 100 }, libraries: { torch: '9.9', pid: String(process.pid) } });
  if (mode === 'crash') { process.stderr.write('Traceback\\nRuntimeError: CUDA out of memory\\n'); process.exit(3); }
  say({ type: 'step', step: 1, loss: 0.9, lr: 0.001, tokens: 40, elapsedSeconds: 0.1 });
  if (mode === 'hang') { setInterval(() => {}, 1000); return undefined; }
  if (mode === 'diverge') { say({ type: 'step', step: 2, loss: null, lr: 0.001, tokens: 40, elapsedSeconds: 0.2 }); say({ type: 'error', kind: 'diverged', message: 'loss is NaN at step 2', step: 2 }); return 3; }
  say({ type: 'step', step: 2, loss: 0.7, lr: 0.001, tokens: 38, elapsedSeconds: 0.2 });
  const predictions = [{ split: 'dev', predicted: [1, 0, 1] }];
  if (spec.phase === 'final') predictions.push({ split: 'test', predicted: [0, 0] });
  say({ type: 'end', steps: 2, tokens: 78, wallSeconds: 0.3, trainSeconds: 0.2, peakMemoryBytes: 12345, predictions });
  return 0;
}
if (process.argv.includes('--serve')) {
  fs.appendFileSync(process.env.FAKE_SEEN + '.starts', process.pid + '\\n');
  let n = 0;
  require('node:readline').createInterface({ input: process.stdin }).on('line', (line) => {
    process.stderr.write('reftbench_worker: --- request ' + (++n) + ' ---\\n');
    const code = runOne(JSON.parse(line).spec);
    if (code === undefined) return;
    say({ worker: 'done', code });
    if (code !== 0) process.exit(code);
  });
} else {
  process.exit(runOne(process.argv[4]));
}
`);
  chmodSync(file, 0o755);
  return file;
}

const spec = (phase: 'trial' | 'final'): RunSpec => ({
  schemaVersion: 1, runId: 'm.t.lora.trial0.abc', suite: { name: 's', hash: 'h' }, phase, trial: 0, seed: 0,
  model: { id: 'm', source: 'tiny:bert@0', family: 'encoder', dtype: 'float32', arch: {} as RunSpec['model']['arch'] },
  task: { id: 't', type: 'classification', numLabels: 2, maxLength: 8, metrics: [{ name: 'accuracy', direction: 'max' }], selectionMetric: { name: 'accuracy', direction: 'max' } },
  method: { id: 'lora', kind: 'lora', hparams: { rank: 2 } },
  training: { steps: 2, batchSize: 2, evalBatchSize: 2, lr: 1e-3, weightDecay: 0, warmupRatio: 0, schedule: 'linear', maxGradNorm: 1, optimizer: { name: 'adamw', betas: [0.9, 0.999], eps: 1e-8 } },
  data: { train: '/d/train', dev: '/d/dev', ...(phase === 'final' ? { test: '/d/test' } : {}) },
  backend: { name: 'torch', threads: 0, deterministic: true, device: 'cuda' },
});

function setup(mode: string, fresh = false) {
  const dir = tempDir('torch-fake');
  const seen = join(dir, 'seen.json');
  const backend = new TorchBackend({ env: { ...process.env, REFTBENCH_PYTHON: fakeWorker(dir), FAKE_MODE: mode, FAKE_SEEN: seen, ...(fresh ? { REFTBENCH_TORCH_FRESH_WORKER: '1' } : {}) } });
  after(() => backend.close());
  const steps: Array<number | null> = [];
  // The runner's batch schedule: the adapter writes it for the worker beside the spec (data.schedule).
  const schedule = { hash: '0123456789abcdef', steps: [[0, 1], [1, 0]] };
  const request = (phase: 'trial' | 'final', runId?: string, signal = new AbortController().signal) => ({
    spec: { ...spec(phase), ...(runId === undefined ? {} : { runId }) }, schedule, modelDir: '/models/prepared', signal, onStep: (s: { loss: number | null }) => steps.push(s.loss),
  });
  /** The worker processes started so far (their pids), and the one that ran the last run. */
  const starts = () => (existsSync(`${seen}.starts`) ? readFileSync(`${seen}.starts`, 'utf8').trim().split('\n') : []);
  const lastPid = () => backend.libraries().pid;
  return { backend, seen, steps, request, starts, lastPid };
}

test('a final run: the worker gets the prepared model directory; events become curve, compute, params and predictions', async () => {
  const { backend, seen, steps, request } = setup('ok');
  const out = await backend.run(request('final'));
  const sent = JSON.parse(readFileSync(seen, 'utf8')) as RunSpec;
  assert.equal(sent.model.source, '/models/prepared');
  assert.match(sent.data!.schedule!, /schedule\.i32$/, 'the worker is given the runner\'s batch schedule as a file');
  assert.equal(out.status, 'ok');
  assert.deepEqual(out.lossCurve, [{ step: 1, loss: 0.9 }, { step: 2, loss: 0.7 }]);
  assert.deepEqual(steps, [0.9, 0.7]);
  assert.deepEqual([out.steps, out.tokens, out.peakMemoryBytes], [2, 78, 12345]);
  assert.deepEqual(out.params, { trainable: 10, head: 2, base: 100 });
  assert.deepEqual(out.devPredictions, [1, 0, 1]);
  assert.deepEqual(out.testPredictions, [0, 0]);
  assert.equal(backend.device(), 'Fake GPU');
  assert.equal(backend.libraries().torch, '9.9');
});

test('a trial gets no test predictions', async () => {
  const { backend, request } = setup('ok');
  const out = await backend.run(request('trial'));
  assert.equal(out.testPredictions, undefined);
  assert.deepEqual(out.devPredictions, [1, 0, 1]);
});

test('a crashed worker is a BackendCrash with its stderr tail', async () => {
  const { backend, request } = setup('crash');
  await assert.rejects(backend.run(request('trial')), (error: unknown) => error instanceof BackendCrash && /CUDA out of memory/.test(error.stderrTail));
});

test('a NaN loss is a diverged output with its reason', async () => {
  const { backend, request } = setup('diverge');
  const out = await backend.run(request('trial'));
  assert.equal(out.status, 'diverged');
  assert.match(out.reason!, /NaN at step 2/);
  assert.deepEqual(out.lossCurve.map((p) => p.loss), [0.9, null]);
});

test('consecutive runs reuse one worker process; REFTBENCH_TORCH_FRESH_WORKER=1 starts one per run', async () => {
  const served = setup('ok');
  const pids = [];
  for (const phase of ['trial', 'final', 'trial'] as const) {
    assert.equal((await served.backend.run(served.request(phase))).status, 'ok');
    pids.push(served.lastPid());
  }
  assert.equal(new Set(pids).size, 1, 'the three runs ran in one process');
  assert.deepEqual(served.starts(), [pids[0]]);
  const fresh = setup('ok', true);
  const freshPids = [];
  for (let i = 0; i < 2; i++) {
    assert.equal((await fresh.backend.run(fresh.request('trial'))).status, 'ok');
    freshPids.push(fresh.lastPid());
  }
  assert.equal(new Set(freshPids).size, 2);
  assert.deepEqual(fresh.starts(), [], 'no served worker');
});

test('a worker that crashes mid-run fails only that run: its stderr tail is its own, the next run gets a fresh process', async () => {
  const { backend, request, lastPid, starts } = setup('ok');
  assert.equal((await backend.run(request('trial', 'm.t.lora.trial0.first'))).status, 'ok');
  const first = lastPid();
  await assert.rejects(backend.run(request('trial', 'm.t.lora.trial1.crash')), (error: unknown) =>
    error instanceof BackendCrash && /CUDA out of memory/.test(error.stderrTail) && /exited with code 3/.test(error.message)
    && error.stderrTail.includes('log of m.t.lora.trial1.crash') && !error.stderrTail.includes('first') && !error.stderrTail.includes('request'));
  assert.equal(lastPid(), first, 'the crash happened on the reused process');
  const out = await backend.run(request('final', 'm.t.lora.final0.after'));
  assert.equal(out.status, 'ok');
  assert.deepEqual(out.testPredictions, [0, 0]);
  assert.notEqual(lastPid(), first, 'a fresh process ran the next run');
  assert.equal(starts().length, 2);
});

test('a diverged run is recorded diverged and its process is not reused', async () => {
  const { backend, request, lastPid } = setup('ok');
  await backend.run(request('trial'));
  const first = lastPid();
  const out = await backend.run(request('trial', 'm.t.lora.trial1.diverge'));
  assert.equal(out.status, 'diverged');
  assert.match(out.reason!, /NaN at step 2/);
  await backend.run(request('trial'));
  assert.notEqual(lastPid(), first);
});

test('stopping a run on a reused process kills it at once; the next run gets a fresh one', async () => {
  const { backend, request, lastPid, starts } = setup('ok');
  await backend.run(request('trial'));
  const first = lastPid()!;
  const controller = new AbortController();
  const began = Date.now();
  const hung = backend.run({ ...request('trial', 'm.t.lora.trial1.hang', controller.signal), onStep: () => controller.abort(new Error('time limit')) });
  await assert.rejects(hung, /time limit/);
  assert.ok(Date.now() - began < 4000, 'stopped by SIGTERM, not after the SIGKILL delay');
  assert.throws(() => process.kill(Number(first), 0), 'the process is gone');
  assert.equal((await backend.run(request('trial'))).status, 'ok');
  assert.notEqual(lastPid(), first);
  assert.equal(starts().length, 2);
});

test('close ends the idle worker processes', async () => {
  const { backend, request, lastPid } = setup('ok');
  await backend.run(request('trial'));
  const pid = Number(lastPid());
  process.kill(pid, 0);
  await backend.close();
  assert.throws(() => process.kill(pid, 0));
});

test('prestart starts the worker the next run takes (run-one starts it while it prepares the run)', async () => {
  const { backend, request, lastPid, starts } = setup('ok');
  backend.prestart();
  backend.prestart();
  assert.equal((await backend.run(request('trial'))).status, 'ok');
  assert.deepEqual(starts(), [lastPid()], 'one process, started before the run and used by it');
  const fresh = setup('ok', true);
  fresh.backend.prestart();
  await fresh.backend.run(fresh.request('trial'));
  assert.deepEqual(fresh.starts(), [], 'nothing to start ahead when each run has its own process');
});
