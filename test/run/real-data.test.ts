/**
 * The real-data check: `reftbench run test/fixtures/run/glue-real.json` over SST-2 and RTE subsets
 * from REFTBENCH_DATA_DIR (two methods, 2 trials, 2 seeds) runs to the end on the CPU and every
 * result validates. Skipped only when REFTBENCH_DATA_DIR is unset.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { validateResult } from '../../src/report/schema-validators.ts';
import { fixtures, readResults, repo, tempDir } from './helpers.ts';

const dataDir = process.env.REFTBENCH_DATA_DIR;

test('SST-2 and RTE subsets, LoReFT vs LoRA, 2 trials, 2 seeds: runs to the end and validates', { skip: dataDir ? false : 'REFTBENCH_DATA_DIR is not set', timeout: 300_000 }, () => {
  const results = join(tempDir('real'), 'results');
  const run = spawnSync(process.execPath, [join(repo, 'bin', 'reftbench.mjs'), 'run', join(fixtures, 'glue-real.json'), '--results', results], {
    cwd: repo,
    env: { ...process.env, REFTBENCH_DATA_DIR: dataDir, REFTBENCH_CACHE_DIR: tempDir('real-cache'), HF_HUB_OFFLINE: '1' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const all = [...readResults(results).values()];
  assert.equal(all.length, 16);
  for (const r of all) {
    const checked = validateResult(r);
    assert.ok(checked.ok, checked.ok ? '' : `${r.runId}: ${checked.problems.join('; ')}`);
    assert.equal(r.status, 'ok', r.failure?.reason);
    assert.equal(r.compute.steps, 20);
  }
  for (const task of ['sst2', 'rte']) {
    const finals = all.filter((r) => r.spec.task.id === task && r.spec.phase === 'final');
    assert.equal(finals.length, 4);
    for (const f of finals) {
      const accuracy = f.metrics.test?.accuracy;
      assert.ok(typeof accuracy === 'number' && accuracy >= 0 && accuracy <= 1, `${f.runId} test accuracy ${accuracy}`);
    }
  }
  assert.match(run.stderr, /results in .*: 16 ok, 0 failed/);
});
