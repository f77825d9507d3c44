/**
 * Crash safety of the whole runner: a 20-run suite (2 methods × (6 trials + 4 seeds)) is run as
 * `reftbench run --json` and SIGKILLed at a random moment 10 times, then allowed to finish. After
 * every kill each result file on disk is complete and valid; no run that had a result when an
 * invocation started is started again by it; no run is finished twice; at the end all 20 exist.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readStoredRun } from '../../src/run/store.ts';
import { fixtures, repo, suiteVariant, tempDir } from './helpers.ts';

const KILLS = 10;

interface Invocation {
  code: number | null;
  signal: NodeJS.Signals | null;
  events: Array<{ type: string; runId?: string }>;
  stderr: string;
}

/** Where to kill an invocation: `afterMs` after it announces the start of its `atRunStart`-th run. */
interface KillPoint {
  atRunStart: number;
  afterMs: number;
}

/**
 * Runs the CLI; with a kill point, SIGKILLs it there. Anchoring the kill to a run start (not to
 * wall-clock time since launch) keeps every kill inside the work still left, however fast or slow
 * the machine is, so the invocation is killed rather than allowed to finish.
 */
function invoke(suite: string, results: string, cache: string, kill?: KillPoint, durations?: number[]): Promise<Invocation> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [join(repo, 'bin', 'reftbench.mjs'), 'run', suite, '--data-dir', fixtures, '--results', results, '--json'], {
      cwd: repo,
      env: { ...process.env, REFTBENCH_CACHE_DIR: cache, HF_HUB_OFFLINE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let pending = '';
    let starts = 0;
    const started = new Map<string, number>();
    proc.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        let e: { type?: string; runId?: string };
        try {
          e = JSON.parse(line) as { type?: string; runId?: string };
        } catch {
          continue;
        }
        if (e.type === 'run-start' && e.runId) {
          started.set(e.runId, Date.now());
          starts++;
          if (kill && starts === kill.atRunStart) setTimeout(() => proc.kill('SIGKILL'), kill.afterMs);
        }
        if (e.type === 'run-end' && e.runId && started.has(e.runId)) durations?.push(Date.now() - started.get(e.runId)!);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.on('exit', (code, signal) => {
      // A line cut by the kill is not an event.
      const events = stdout.split('\n').flatMap((l) => {
        try {
          return [JSON.parse(l) as { type: string; runId?: string }];
        } catch {
          return [];
        }
      });
      resolve({ code, signal, events, stderr });
    });
  });
}

function resultIds(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('_') && !n.startsWith('.')).map((n) => n.slice(0, -5)));
}

/** A small seeded generator, so a failure can be replayed from the seed in its message. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('SIGKILL 10 times at random moments of a 20-run suite, then finish: every run exactly once, nothing corrupt or lost', { timeout: 540_000 }, async () => {
  const seed = Number(process.env.REFTBENCH_KILL_SEED ?? Date.now() % 100000);
  const next = random(seed);
  const dir = tempDir('kill');
  const cache = tempDir('kill-cache');
  const suite = suiteVariant(dir, (s) => {
    s.methods[0]!.search = { lr: [0.001, 0.0015, 0.002, 0.0025, 0.003, 0.0035] };
    s.methods[1]!.search = { lr: [0.003, 0.004, 0.005, 0.006, 0.008, 0.01] };
    s.tuning.trials = 6;
    s.seeds = [1, 2, 3, 4];
  });
  const results = join(dir, 'results');
  const finished = new Map<string, number>();
  let killed = 0;
  const plan: string[] = [];
  // How long a run takes on this machine, learnt from the runs seen so far (a guess before any).
  const durations: number[] = [];
  const typicalRunMs = () => (durations.length === 0 ? 300 : durations.reduce((a, b) => a + b, 0) / durations.length);
  for (let k = 0; k < KILLS; k++) {
    const before = resultIds(results);
    const remaining = 20 - before.size;
    // A random moment from the start to about the end of a random run among the next few, so the
    // runs left are spread over the kills left and every kill lands in work still to do.
    const span = Math.max(1, Math.floor(remaining / (KILLS - k)));
    const kill = remaining > 0 ? { atRunStart: 1 + Math.floor(next() * span), afterMs: Math.floor(next() * typicalRunMs()) } : undefined;
    const outcome = await invoke(suite, results, cache, kill, durations);
    plan.push(`${remaining} left, kill ${kill ? `${kill.afterMs} ms into run ${kill.atRunStart}` : 'none'}: ${outcome.signal ?? `exit ${outcome.code}`}`);
    const where = `kill ${k} (seed ${seed})`;
    if (outcome.signal === 'SIGKILL') killed++;
    else assert.equal(outcome.code, 0, `${where}: ${outcome.stderr}`);
    for (const e of outcome.events) {
      if (e.type === 'run-start') assert.ok(!before.has(e.runId!), `${where}: ${e.runId} had a result but was started again`);
      if (e.type === 'run-end') finished.set(e.runId!, (finished.get(e.runId!) ?? 0) + 1);
    }
    for (const id of resultIds(results)) assert.equal((await readStoredRun(results, id)).state, 'done', `${where}: ${id}.json is not a complete valid result`);
  }
  const last = await invoke(suite, results, cache);
  assert.equal(last.code, 0, last.stderr);
  for (const e of last.events) if (e.type === 'run-end') finished.set(e.runId!, (finished.get(e.runId!) ?? 0) + 1);
  const ids = resultIds(results);
  assert.equal(ids.size, 20, `20 results expected, found ${ids.size}`);
  for (const id of ids) assert.equal((await readStoredRun(results, id)).state, 'done', id);
  for (const [id, times] of finished) assert.equal(times, 1, `${id} finished ${times} times (seed ${seed})`);
  assert.ok([...finished.keys()].every((id) => ids.has(id)), 'every finished run has its file');
  const phases = last.events.filter((e) => e.type === 'phase') as unknown as Array<{ total: number; skipped: number }>;
  assert.deepEqual(phases.map((p) => p.total), [12, 8]);
  assert.ok(killed >= 5, `only ${killed} of ${KILLS} invocations were killed before they finished (seed ${seed}): ${plan.join('; ')}`);
  assert.deepEqual(readdirSync(results).filter((n) => n.endsWith('.tmp') || n === '.lock'), [], 'no temporary file or lock is left');
});
