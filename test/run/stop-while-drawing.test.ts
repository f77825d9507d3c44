/**
 * SIGTERM while `run` draws a large tiny model's weights (before any run starts): the drawing held
 * the event loop for its seconds, so the signal waited for it (issue 21: a run grew to 17.6 GB and
 * only SIGKILL stopped it). It now stops within a chunk of drawing: exit 143, nothing written to the
 * model cache or the results folder, no lock left, no stack trace.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, repo, suiteVariant, tempDir } from './helpers.ts';

test('SIGTERM while a tiny model is drawn exits 143 at once, with no model, result or lock written', { timeout: 120_000 }, async () => {
  const dir = tempDir('stop-drawing');
  const cache = join(dir, 'cache');
  const results = join(dir, 'results');
  // BERT of hidden 512 x 32 layers: about 101M parameters, some 8 s of drawing on one core
  const suiteFile = suiteVariant(dir, (suite) => {
    Object.assign(suite.models[0]!.arch!, { hiddenSize: 512, numLayers: 32, numHeads: 8, numKvHeads: 8, intermediateSize: 2048 });
  });
  const proc = spawn(process.execPath, [join(repo, 'bin', 'reftbench.mjs'), 'run', suiteFile, '--data-dir', fixtures, '--results', results, '--json'], {
    cwd: repo,
    // no estimate before the run (it would prepare the model before the signal handler is installed)
    env: { ...process.env, REFTBENCH_CACHE_DIR: cache, HF_HUB_OFFLINE: '1', REFTBENCH_CONFIRM_OVER: '1e15' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let signalledAt = 0;
  proc.stdout.resume();
  proc.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (signalledAt === 0 && /drawing its [0-9,]+ random weights/.test(stderr)) {
      signalledAt = -1;
      setTimeout(() => {
        signalledAt = performance.now();
        proc.kill('SIGTERM');
      }, 300);
    }
  });
  const code = await new Promise<number | null>((resolve) => proc.on('exit', (c) => resolve(c)));
  const waited = performance.now() - signalledAt;
  assert.ok(signalledAt > 0, `the drawing was never announced: ${stderr}`);
  assert.equal(code, 143, stderr);
  assert.ok(waited < 3000, `exited ${waited.toFixed(0)} ms after SIGTERM (the drawing takes seconds more)`);
  assert.match(stderr, /SIGTERM: stopping/);
  assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
  const models = join(cache, 'models');
  assert.deepEqual(existsSync(models) ? readdirSync(models) : [], [], 'no model folder, staging or temporary folder written');
  const left = existsSync(results) ? readdirSync(results) : [];
  assert.deepEqual(left.filter((n) => n.endsWith('.json') || n === '.lock'), [], `nothing recorded: ${left.join(', ')}`);
});
