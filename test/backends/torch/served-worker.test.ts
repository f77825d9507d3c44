/**
 * The served torch worker end to end (needs .venv/): the runner's tiny suite on the torch backend,
 * once with a fresh Python process per run (REFTBENCH_TORCH_FRESH_WORKER=1) and once with one
 * served worker kept across the runs, gives the same result records (metrics, loss curves,
 * predictions, params, compute) but for the figures each process measures (wall time, peak
 * memory); the served run starts one Python process for all its runs.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../../../src/repo-root.ts';
import type { RunResult } from '../../../src/types/result.ts';
import { fixtures, readResults, reftbench, suiteVariant, tempDir } from '../../run/helpers.ts';

const venvPython = join(REPO_ROOT, '.venv', 'bin', 'python');

/** The result without what each process measures for itself. */
function comparable(result: RunResult): unknown {
  const { wallSeconds: _wall, peakMemoryBytes: _peak, ...compute } = result.compute;
  return { ...result, compute };
}

test('runs on one served worker give the result records of runs each on a fresh worker', { skip: existsSync(venvPython) ? false : 'no .venv: run `npm run setup:torch`', timeout: 15 * 60_000 }, async () => {
  const dir = tempDir('torch-served');
  // BitFit, 2 trials and one seed: 3 runs, two of them after another in the trials phase.
  const suite = suiteVariant(dir, (s) => {
    s.methods = s.methods.filter((m) => m.id === 'bitfit');
    s.seeds = [1];
    s.backend = { ...s.backend, prefer: 'torch' };
  });
  // The interpreter through a wrapper that counts the processes started.
  const starts = join(dir, 'starts');
  const python = join(dir, 'python');
  writeFileSync(python, `#!/bin/sh\necho "$*" >> ${starts}\nexec ${venvPython} "$@"\n`);
  chmodSync(python, 0o755);
  const cache = tempDir('torch-served-cache');
  const run = async (name: string, env: NodeJS.ProcessEnv) => {
    writeFileSync(starts, '');
    const results = join(dir, name);
    const outcome = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results], cache, { REFTBENCH_PYTHON: python, ...env });
    assert.equal(outcome.code, 0, outcome.err.join('\n'));
    return { results: readResults(results), starts: readFileSync(starts, 'utf8').trim().split('\n') };
  };
  const fresh = await run('fresh', { REFTBENCH_TORCH_FRESH_WORKER: '1' });
  const served = await run('served', {});
  assert.equal(fresh.results.size, 3);
  assert.equal(fresh.starts.length, 3, 'a fresh process per run');
  assert.deepEqual(served.starts, ['-m reftbench_worker --serve'], 'one served process for the three runs');
  assert.deepEqual([...served.results.keys()].sort(), [...fresh.results.keys()].sort());
  for (const [id, result] of served.results) {
    assert.equal(result.status, 'ok');
    assert.deepEqual(comparable(result), comparable(fresh.results.get(id)!), `run ${id} differs from its run on a fresh worker`);
  }
});
