/**
 * Ctrl-C acts mid-step: the `ort` engine trains in a child process, so a SIGINT that arrives while
 * a long step is running stops the command at once (exit 130, no result for the run, no lock),
 * not when the step ends. Measured on all-MiniLM-L6-v2, full fine-tuning, RTE batches of 32 × up to
 * 128 tokens (needs `npm run setup:models` and REFTBENCH_DATA_DIR; skipped otherwise, CI has both):
 * the time from SIGINT to exit must be under a second and shorter than the step it interrupted.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo, tempDir } from './helpers.ts';

const minilm = join(repo, '.cache', 'models', 'all-MiniLM-L6-v2');
const skip = !existsSync(join(minilm, 'config.json')) ? 'all-MiniLM-L6-v2 is missing: npm run setup:models' : !process.env.REFTBENCH_DATA_DIR ? 'REFTBENCH_DATA_DIR is not set (the GLUE files)' : false;

function writeSuite(dir: string): string {
  const file = join(dir, 'long-steps.json');
  writeFileSync(file, JSON.stringify({
    $schema: join(repo, 'schemas', 'suite.schema.json'),
    name: 'long-steps',
    models: [{ id: 'minilm', source: minilm, family: 'encoder', dtype: 'float32', preset: 'all-MiniLM-L6-v2' }],
    tasks: [{
      id: 'rte', source: 'glue/rte', type: 'classification', numLabels: 2, maxLength: 128, metrics: [{ name: 'accuracy', direction: 'max' }],
      split: { train: { of: 'train', limit: 256 }, dev: { of: 'train', size: 32, seed: 1 }, test: { of: 'validation' } },
      examples: { train: 2490, validation: 277 },
    }],
    methods: [{ id: 'full', kind: 'full', search: { lr: 0.00005 } }],
    training: { batchSize: 32, evalBatchSize: 32 },
    budget: { compute: { rule: 'steps', amount: 50 } },
    tuning: { strategy: 'grid', trials: 1, seed: 0, select: { split: 'dev' } },
    seeds: [1],
    backend: { prefer: 'ort', threads: 2, deterministic: true },
  }));
  return file;
}

test('a SIGINT during a long ort step stops the command at once, mid-step', { skip, timeout: 600_000 }, async () => {
  const dir = tempDir('prompt-stop');
  const results = join(dir, 'results');
  const suite = writeSuite(dir);
  const outcome = await new Promise<{ code: number | null; stepSeconds: number; stopSeconds: number; stderr: string }>((resolve) => {
    const proc = spawn(process.execPath, [join(repo, 'bin', 'reftbench.mjs'), 'run', suite, '--results', results, '--json'], {
      cwd: repo,
      env: { ...process.env, REFTBENCH_CACHE_DIR: join(dir, 'cache'), HF_HUB_OFFLINE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let started = 0;
    let stepSeconds = 0;
    let signalled = 0;
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (started === 0 && stdout.includes('"type":"run-start"')) started = performance.now();
      // The first step has ended and the second is running: stop it.
      if (signalled === 0 && stdout.includes('"type":"step"')) {
        stepSeconds = (performance.now() - started) / 1000;
        signalled = performance.now();
        proc.kill('SIGINT');
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('exit', (code) => resolve({ code, stepSeconds, stopSeconds: (performance.now() - signalled) / 1000, stderr }));
  });
  process.stdout.write(`first step (with its graphs' set-up) ${outcome.stepSeconds.toFixed(2)} s; SIGINT to exit ${outcome.stopSeconds.toFixed(2)} s\n`);
  assert.equal(outcome.code, 130, outcome.stderr);
  assert.ok(outcome.stopSeconds < 1, `SIGINT to exit took ${outcome.stopSeconds.toFixed(2)} s`);
  assert.ok(outcome.stopSeconds < outcome.stepSeconds, `the command waited for the step (${outcome.stopSeconds.toFixed(2)} s to stop, a step takes ${outcome.stepSeconds.toFixed(2)} s)`);
  // the folder it created is removed with the lock when nothing was written into it
  const left = existsSync(results) ? readdirSync(results) : [];
  assert.deepEqual(left.filter((n) => n.endsWith('.json') && !n.startsWith('_')), [], 'the interrupted run has no result');
  assert.ok(!left.includes('.lock'), 'the lock is released');
});
