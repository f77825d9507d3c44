/**
 * `node --import tsx bench/torch-worker-start.ts` — a benchmark, not a test. What starting the
 * torch worker costs per run: the quickstart on the torch backend (tiny BERT, 6 trials + 6 finals,
 * 1 thread per run), run by the local executor with a fresh Python process per run
 * (REFTBENCH_TORCH_FRESH_WORKER=1, as before) and with one served worker kept across the runs
 * (the default), side by side in one invocation, alternating when repeated. Prints per mode the
 * suite's wall time, the median wall time of a run (from its result, compute.wallSeconds: the
 * worker start, model load, training and evaluation), and the difference of the medians: the start
 * cost a served worker saves per run. Results and specs are compared too: every result must be the
 * same in both modes but for wall time and peak memory.
 *
 *   node --import tsx bench/torch-worker-start.ts [--repeats 1] [--seeds 2]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { repeats: { type: 'string', default: '1' }, seeds: { type: 'string', default: '2' } } });
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const work = mkdtempSync(join(tmpdir(), 'reftbench-bench-torch-start-'));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const suite = JSON.parse(readFileSync(join(root, 'suites', 'quickstart.json'), 'utf8'));
suite.$schema = join(root, 'schemas', 'suite.schema.json');
suite.seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
suite.backend = { ...suite.backend, prefer: 'torch', threads: 1 };
const suiteFile = join(work, 'quickstart-torch.json');
writeFileSync(suiteFile, `${JSON.stringify(suite, null, 2)}\n`);
const env = { ...process.env, REFTBENCH_CACHE_DIR: process.env.REFTBENCH_CACHE_DIR ?? join(work, 'cache') };

interface Pass { seconds: number; runWalls: number[]; results: Map<string, unknown> }

/** Results without the figures each process measures (and the checkout's commit, should one land meanwhile). */
function comparable(text: string): unknown {
  const result = JSON.parse(text) as { compute: Record<string, unknown>; versions: Record<string, unknown> };
  const { wallSeconds: _w, peakMemoryBytes: _p, ...compute } = result.compute;
  const { harnessCommit: _c, ...versions } = result.versions;
  return { ...result, compute, versions };
}

/** The JSON pointer of the first difference between two values, or undefined. */
function firstDifference(a: unknown, b: unknown, at: string): string | undefined {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}/${key}`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  return Object.is(a, b) ? undefined : `${at || '/'} (${JSON.stringify(a)} vs ${JSON.stringify(b)})`;
}

function pass(name: string, fresh: boolean): Pass {
  const results = join(work, name);
  const started = performance.now();
  const out = spawnSync(process.execPath, [join(root, 'bin', 'reftbench.mjs'), 'run', suiteFile, '--backend', 'torch', '--results', results], {
    env: { ...env, ...(fresh ? { REFTBENCH_TORCH_FRESH_WORKER: '1' } : {}) }, encoding: 'utf8',
  });
  const seconds = (performance.now() - started) / 1000;
  if (out.status !== 0) throw new Error(`${name} failed (${out.status}):\n${out.stderr}`);
  const runWalls: number[] = [];
  const byName = new Map<string, unknown>();
  for (const file of readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_'))) {
    const text = readFileSync(join(results, file), 'utf8');
    runWalls.push((JSON.parse(text) as { compute: { wallSeconds: number } }).compute.wallSeconds);
    byName.set(file, comparable(text));
  }
  return { seconds, runWalls, results: byName };
}

try {
  // warm the cache (tiny model, synthetic data, tokenized splits), untimed
  pass('warm', false);
  const fresh: Pass[] = [];
  const served: Pass[] = [];
  for (let i = 0; i < Number(values.repeats); i++) {
    fresh.push(pass(`fresh-${i}`, true));
    served.push(pass(`served-${i}`, false));
  }
  let same = true;
  for (const p of [...fresh, ...served]) {
    for (const [file, result] of p.results) {
      const difference = firstDifference(result, served[0]!.results.get(file), '');
      if (difference === undefined) continue;
      if (same) console.log(`${file} differs at ${difference}`);
      same = false;
    }
  }
  const runs = served[0]!.runWalls.length;
  const row = (label: string, ps: Pass[]) => {
    const walls = ps.flatMap((p) => p.runWalls);
    return { label, suite: median(ps.map((p) => p.seconds)), run: median(walls), walls };
  };
  const a = row('fresh process per run', fresh);
  const b = row('one served worker', served);
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  console.log(`suite: quickstart on torch (1 thread per run), ${runs} runs, ${values.repeats} pass(es) per mode; ${new Date().toISOString()}; load average ${load}`);
  for (const r of [a, b]) console.log(`${r.label.padEnd(24)} suite ${r.suite.toFixed(1)} s   run median ${r.run.toFixed(2)} s (min ${Math.min(...r.walls).toFixed(2)}, max ${Math.max(...r.walls).toFixed(2)})`);
  console.log(`start cost saved per run (difference of the medians): ${(a.run - b.run).toFixed(2)} s; suite ${(a.suite / b.suite).toFixed(2)}x faster`);
  console.log(`results identical in both modes (but wall time and peak memory): ${same ? 'yes' : 'NO'}`);
  if (!same) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
