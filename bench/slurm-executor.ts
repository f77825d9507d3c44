/**
 * `node --import tsx bench/slurm-executor.ts` — a benchmark, not a test. The Slurm executor on this
 * machine's one-node Slurm (started with scripts/slurm-up.sh when SLURM_CONF does not answer, and
 * stopped again), on the quickstart with onnxruntime at 1 thread per run and 5 seeds (6 trials +
 * 15 finals = 21 runs), side by side in one invocation:
 *   - local executor, --jobs 1                        (1 core busy)
 *   - Slurm executor, 2 CPU slots (the node's 2 CPUs)  (2 runs at once, one per CPU)
 *   - local executor, --jobs 2                        (for reference)
 * and prints the wall time of each, the speed-up of Slurm over --jobs 1, and the scheduling
 * overhead per Slurm run: the time a task spends outside its run (process start, suite, cached data,
 * claim, write: from each task's log line) and the time a CPU slot sits between tasks (submission,
 * scheduling, task start: slot time of the phases minus the tasks' lifetimes, per run).
 *
 *   node --import tsx bench/slurm-executor.ts [--seeds 5] [--epochs 2]
 *
 * `--epochs` lengthens every run (the budget is what LoRA spends in that many epochs): a Slurm task
 * starts a fresh process for its one run, so its fixed cost weighs less on longer runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seeds: { type: 'string', default: '5' }, epochs: { type: 'string', default: '2' } } });
const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const PATH = `${process.env.PATH ?? ''}:/usr/sbin:/sbin`;
const work = mkdtempSync(join(tmpdir(), 'reftbench-bench-slurm-'));

function slurmUp(): { conf: string; started: boolean } {
  const conf = process.env.SLURM_CONF;
  if (conf !== undefined && /is UP/.test(spawnSync('scontrol', ['ping'], { env: { ...process.env, PATH }, encoding: 'utf8' }).stdout ?? '')) return { conf, started: false };
  const line = execFileSync('bash', [join(root, 'scripts', 'slurm-up.sh')], { encoding: 'utf8', env: { ...process.env, PATH } });
  return { conf: /export SLURM_CONF=(\S+)/.exec(line)![1]!, started: true };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

const suite = JSON.parse(readFileSync(join(root, 'suites', 'quickstart.json'), 'utf8'));
suite.$schema = join(root, 'schemas', 'suite.schema.json');
suite.seeds = Array.from({ length: Number(values.seeds) }, (_, i) => i + 1);
suite.backend = { ...suite.backend, threads: 1 };
// longer runs: every method gets what LoRA spends in this many epochs (the quickstart: 2)
suite.budget.compute.match.amount = Number(values.epochs);
const suiteFile = join(work, 'quickstart-1thread.json');
writeFileSync(suiteFile, `${JSON.stringify(suite, null, 2)}\n`);

const slurm = slurmUp();
const env = { ...process.env, PATH, SLURM_CONF: slurm.conf };
function timed(name: string, args: string[]): number {
  const started = performance.now();
  const out = spawnSync(process.execPath, [join(root, 'bin', 'reftbench.mjs'), 'run', suiteFile, '--results', join(work, name), ...args], { env, encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`${name} failed (${out.status}):\n${out.stderr}`);
  return (performance.now() - started) / 1000;
}

try {
  // warm the cache (tiny model, synthetic data) and the compiled CLI, untimed
  timed('warm', ['--jobs', '2']);
  const local1 = timed('local-jobs1', ['--jobs', '1']);
  const onSlurm = timed('slurm', ['--executor', 'slurm']);
  const local2 = timed('local-jobs2', ['--jobs', '2']);

  // overhead per Slurm run
  const results = join(work, 'slurm');
  const logs = join(results, 'slurm', 'logs');
  const inTask: number[] = [];
  let taskSeconds = 0;
  for (const name of readdirSync(logs)) {
    const m = /this task: ([\d.]+) s from its start, of which the run ([\d.]+) s/.exec(readFileSync(join(logs, name), 'utf8'));
    if (m === null) continue;
    inTask.push(Number(m[1]) - Number(m[2]));
    taskSeconds += Number(m[1]);
  }
  const runs = inTask.length;
  const runSeconds = readdirSync(results).filter((n) => n.endsWith('.json') && !n.startsWith('_')).reduce((s, n) => s + JSON.parse(readFileSync(join(results, n), 'utf8')).compute.wallSeconds, 0);
  const slotGap = (onSlurm * 2 - taskSeconds) / runs;
  console.log(`suite: quickstart, onnxruntime 1 thread per run, ${suite.seeds.length} seeds, budget of ${values.epochs} LoRA epochs: ${runs} runs; ${new Date().toISOString()}`);
  console.log(`local --jobs 1:          ${local1.toFixed(1)} s`);
  console.log(`slurm, 2 CPU slots:      ${onSlurm.toFixed(1)} s   speed-up over --jobs 1: ${(local1 / onSlurm).toFixed(2)}x`);
  console.log(`local --jobs 2:          ${local2.toFixed(1)} s   (reference; speed-up ${(local1 / local2).toFixed(2)}x)`);
  console.log(`slurm overhead per run:  inside the task (start, suite, cached data, claim, write) median ${median(inTask).toFixed(2)} s, max ${Math.max(...inTask).toFixed(2)} s;`);
  console.log(`                         slot idle between tasks (submission, scheduling, start, and the selection step) ${slotGap.toFixed(2)} s per run;`);
  console.log(`                         runs' own time ${(runSeconds / runs).toFixed(2)} s per run on average`);
} finally {
  if (slurm.started) spawnSync('bash', [join(root, 'scripts', 'slurm-down.sh')], { env, stdio: 'ignore' });
  rmSync(work, { recursive: true, force: true });
}
