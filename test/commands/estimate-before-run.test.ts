/**
 * Before `run`/`bench` start (src/commands/estimate-before-run.ts): a suite that may take longer
 * than the threshold is timed and its estimate printed; over the threshold a terminal is asked (no:
 * nothing is run, exit 0) and without one the run goes on and says so; a suite too small to reach
 * the threshold at any rate starts at once with nothing timed. Resumed, only the runs the results
 * folder does not hold count: with none left nothing is asked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { estimateBeforeRun } from '../../src/commands/estimate-before-run.ts';
import { fixtures, reftbench, repo, tempDir, tinySuite } from '../run/helpers.ts';

function io(cache: string, env: NodeJS.ProcessEnv) {
  const err: string[] = [];
  return { err, io: { out: () => {}, err: (t: string) => void err.push(t), cwd: repo, env: { ...process.env, REFTBENCH_CACHE_DIR: cache, HF_HUB_OFFLINE: '1', ...env } } };
}

test('a small suite starts at once: nothing timed, nothing printed', async () => {
  const t = io(tempDir('estimate-small'), {});
  const asked: string[] = [];
  assert.equal(await estimateBeforeRun({ suiteFile: tinySuite, dataDir: fixtures }, t.io, async (q) => (asked.push(q), true)), true);
  assert.deepEqual(t.err, []);
  assert.deepEqual(asked, []);
});

test('over the threshold: the estimate, then a terminal is asked; "no" runs nothing', { timeout: 120_000 }, async () => {
  const cache = tempDir('estimate-long');
  const t = io(cache, { REFTBENCH_CONFIRM_OVER: '0.001' });
  const asked: string[] = [];
  assert.equal(await estimateBeforeRun({ suiteFile: tinySuite, dataDir: fixtures }, t.io, async (q) => (asked.push(q), false)), false);
  assert.ok(t.err.some((l) => /^estimated wall time here \(ort, cpu, .*\): trials \d+s, finals \d+s, total \d+s$/.test(l)), t.err.join('\n'));
  assert.equal(asked.length, 1);
  assert.match(asked[0]!, /^this suite is estimated to take \d+s here \(over 0s\)\. Start it\?.*\[y\/N\] $/);
  assert.equal(t.err.at(-1), 'nothing was run.');

  const results = join(tempDir('estimate-no'), 'results');
  const declined = await reftbench(['run', tinySuite, '--data-dir', fixtures, '--results', results], cache, { REFTBENCH_CONFIRM_OVER: '0.001' });
  // in a test there is no terminal: the run goes on and says so
  assert.equal(declined.code, 0, declined.err.join('\n'));
  assert.ok(declined.err.some((l) => l.startsWith('note: this suite is estimated to take')), declined.err.join('\n'));
  assert.ok(!declined.err.some((l) => l.startsWith('timing ')), 'the rates come from the cache the first call filled');
  assert.ok(existsSync(results));

  // resumed on the same folder: every run is finished, nothing is left to estimate, nothing is asked
  const resumed = io(cache, { REFTBENCH_CONFIRM_OVER: '0.001' });
  const again: string[] = [];
  assert.equal(await estimateBeforeRun({ suiteFile: tinySuite, dataDir: fixtures, resultsDir: results }, resumed.io, async (q) => (again.push(q), false)), true, resumed.err.join('\n'));
  assert.ok(resumed.err.some((l) => /^still to run: 0 of 8 runs \(8 finished in .*\): trials 0s, finals 0s, total 0s$/.test(l)), resumed.err.join('\n'));
  assert.deepEqual(again, []);

  // one final gone: the rest of the suite is estimated and asked about
  rmSync(join(results, readdirSync(results).find((n) => n.includes('.seed2.'))!));
  const rest = io(cache, { REFTBENCH_CONFIRM_OVER: '0.001' });
  const asked2: string[] = [];
  assert.equal(await estimateBeforeRun({ suiteFile: tinySuite, dataDir: fixtures, resultsDir: results }, rest.io, async (q) => (asked2.push(q), true)), true);
  assert.ok(rest.err.some((l) => /^still to run: 1 of 8 runs \(7 finished in .*\)/.test(l)), rest.err.join('\n'));
  assert.match(asked2[0]!, /^the rest of this suite is estimated to take \d+s here/);
});
