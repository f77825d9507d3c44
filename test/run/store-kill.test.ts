/**
 * Crash safety of the store and lock: a miniature runner (store-kill-child.ts) writing 20 results is
 * SIGKILLed at random moments 5 times, then allowed to finish (the runner's own test does 10 kills
 * of a whole suite; this one keeps the store's share of that cheap). Every run ends up written exactly
 * once, every file is valid, no temp file or lock is left behind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readStoredRun } from '../../src/run/store.ts';
import { tempDir } from '../data/temp-dirs.ts';

const child = fileURLToPath(new URL('./store-kill-child.ts', import.meta.url));
const fixtureDir = new URL('../fixtures/results/fixture-mini/', import.meta.url);
const templateFile = fileURLToPath(new URL(readdirSync(fixtureDir).find((n) => n.endsWith('.json'))!, fixtureDir));
const RUNS = 20;
const KILLS = 5;

/** Starts the child; resolves with its exit once it ends, killing it `killAfterMs` after "ready" when given. */
function runChild(dir: string, log: string, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dir, templateFile, String(RUNS), log], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      if (killAfterMs !== undefined && chunk.toString().includes('ready')) setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
    });
    proc.on('exit', (code, signal) => resolve({ code, signal, stderr }));
  });
}

test('SIGKILL at random moments, 5 times, then a full run: every run written exactly once, nothing corrupt', { timeout: 180_000 }, async () => {
  const root = tempDir('kill');
  const dir = join(root, 'results');
  const log = join(root, 'writes.log');
  writeFileSync(log, '');
  let killed = 0;
  for (let k = 0; k < KILLS; k++) {
    // Up to about three runs' worth of time (each burns 15–40 ms), so five kills never use up all
    // 20 runs, however fast the machine: every kill lands in work still to do.
    const outcome = await runChild(dir, log, Math.floor(Math.random() * 80));
    if (outcome.signal === 'SIGKILL') killed++;
    else assert.equal(outcome.code, 0, outcome.stderr);
    // Between kills, whatever is on disk is valid or absent, never half-written.
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
      assert.equal((await readStoredRun(dir, name.slice(0, -5))).state, 'done', `${name} after kill ${k}`);
    }
  }
  assert.ok(killed >= 3, `only ${killed} of ${KILLS} children were killed before finishing`);
  const final = await runChild(dir, log);
  assert.equal(final.code, 0, final.stderr);

  const files = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  assert.equal(files.length, RUNS);
  for (let i = 0; i < RUNS; i++) assert.equal((await readStoredRun(dir, `run-${i}`)).state, 'done');
  const writes = readFileSync(log, 'utf8').trim().split('\n').map((line) => line.split(' ')[0]!);
  const counts = new Map<string, number>();
  for (const id of writes) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [id, n] of counts) assert.equal(n, 1, `${id} was written ${n} times`);
  // A kill between a write and its log line leaves a run written but unlogged: at most one per kill.
  assert.ok(counts.size >= RUNS - killed, `${counts.size} logged writes`);
  assert.deepEqual(readdirSync(dir).filter((n) => !n.endsWith('.json')), [], 'no temp files or lock left');
  assert.ok(!existsSync(join(dir, '.lock')));
});
