/**
 * Benchmark: `reftbench report` on 10,000 synthetic run results (target: under 3 s).
 *   npm run bench:report            (= node --import tsx bench/report.ts)
 * Suite shape: 2 models × 5 tasks (4 classification, 1 regression, 200 test examples) × 10 methods
 * (5 ReFT, 5 baselines) × (95 trials + 5 seeds) = 10,000 runs, 250 comparisons.
 *
 * What is timed: generateReport, the whole command's work from the result files on disk to the
 * written bundle (read + validate 10,000 files, statistics, charts as SVG *and PNG*, report.json,
 * README, HTML, CSV/LaTeX, atomic write), with the time at which each stage ended. Not timed:
 * writing the synthetic results, and one untimed warm-up report of the same results in this
 * process (module loading and JIT compiling, which a long-lived process pays once). The large
 * report renders its charts on a worker thread, which is started, imports vega, warms up and is
 * torn down inside the timed run.
 * Also shown: the same with charts rendered in this thread, and the command itself in a fresh
 * process (`node bin/reftbench.mjs report`: process start, module loading and JIT warm-up
 * included), as users run it (the compiled copy, renderer chosen by load) and then with each
 * renderer, from the compiled copy and from the sources through tsx, in alternating order.
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { threadRenderer, workerRenderer, type ChartRenderer } from '../src/report/charts/chart-renderer.ts';
import { compiledCli } from '../bin/compiled-cli.mjs';
import { generateReport, type ReportStage } from '../src/report/generate-report.ts';
import { syntheticResults, type SyntheticOptions } from '../test/fixtures/results/synthetic-results.ts';

const options: SyntheticOptions = {
  suiteName: 'bench-10k',
  models: ['bench-a', 'bench-b'],
  tasks: [
    { id: 'sst2', type: 'classification', examples: 200 },
    { id: 'mrpc', type: 'classification', examples: 200 },
    { id: 'rte', type: 'classification', examples: 200 },
    { id: 'qnli', type: 'classification', examples: 200 },
    { id: 'stsb', type: 'regression', examples: 200 },
  ],
  methods: [
    { id: 'loreft', kind: 'loreft', skill: 0.86, trainable: 1040 },
    { id: 'noreft', kind: 'noreft', skill: 0.84, trainable: 1040 },
    { id: 'direft', kind: 'direft', skill: 0.83, trainable: 1040 },
    { id: 'nodireft', kind: 'nodireft', skill: 0.82, trainable: 1040 },
    { id: 'consreft', kind: 'consreft', skill: 0.8, trainable: 520 },
    { id: 'lora', kind: 'lora', skill: 0.85, trainable: 8192 },
    { id: 'dora', kind: 'dora', skill: 0.85, trainable: 8400 },
    { id: 'bitfit', kind: 'bitfit', skill: 0.78, trainable: 1536 },
    { id: 'red', kind: 'red', skill: 0.8, trainable: 768 },
    { id: 'full', kind: 'full', skill: 0.87, trainable: 1_000_000 },
  ],
  trials: 95,
  seeds: [1, 2, 3, 4, 5],
  lossPoints: 50,
};

const load = () => `load average ${loadavg().map((v) => v.toFixed(1)).join(' ')} on ${cpus().length} cores`;

/**
 * The host's speed at the moment, as milliseconds for a fixed integer loop: on shared virtual
 * machines it drifts by tens of percent within minutes, so figures from runs at different moments
 * are comparable only next to this (docs/measurements/report-speed-*.md).
 */
function hostSpeed(): string {
  const start = performance.now();
  let x = 0;
  for (let i = 0; i < 3e8; i++) x += i % 7;
  return `host speed: a fixed 3e8-step loop took ${(performance.now() - start).toFixed(0)} ms`;
}

/** One timed generateReport: wall and CPU seconds (all threads of this process), and when each stage ended. */
async function timed(label: string, resultsDir: string, out: string, renderer?: ChartRenderer): Promise<{ lines: string[]; seconds: number }> {
  const lines = [`${label} (${load()} before):`];
  const start = performance.now();
  const cpu = process.cpuUsage();
  const since = () => ((performance.now() - start) / 1000).toFixed(2);
  const onStage = (stage: ReportStage) => lines.push(`  ${since().padStart(6)} s  ${stage}`);
  const generated = await generateReport(resultsDir, out, resultsDir, process.env, {}, { ...(renderer ? { renderer } : {}), onStage });
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - start) / 1000;
  lines.push(`  total ${seconds.toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU; ${generated.files} files, ${generated.report.comparisons.length} comparisons`);
  return { lines, seconds };
}

/** Wall seconds of a command in a fresh process. */
function cold(label: string, args: string[], env: NodeJS.ProcessEnv = {}): { line: string; seconds: number } {
  const before = load();
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env } });
  if (run.status !== 0) throw new Error(`${label} failed: ${run.stderr}`);
  const seconds = (performance.now() - start) / 1000;
  return { line: `cold, ${label} (${before} before): ${seconds.toFixed(2)} s wall`, seconds };
}

/** The target of the report issue: 10,000 results in under 3 s. */
const TARGET_SECONDS = 3;
const verdict = (seconds: number) => `${seconds.toFixed(2)} s, ${seconds < TARGET_SECONDS ? 'met' : 'NOT met'}`;

const dir = mkdtempSync(join(tmpdir(), 'reftbench-bench-report-'));
try {
  const results = syntheticResults(options);
  mkdirSync(join(dir, 'results'));
  for (const r of results) writeFileSync(join(dir, 'results', `${r.runId}.json`), JSON.stringify(r));
  const warmUp = threadRenderer();
  await generateReport(join(dir, 'results'), join(dir, 'warm-up'), dir, process.env, {}, { renderer: warmUp });
  await warmUp.close();

  const out: string[] = [`runs: ${results.length}; PNG rendering included in every figure; ${hostSpeed()} before`];
  const worker = workerRenderer();
  out.push(...(await timed('report, charts on a worker thread (started inside the timed run)', join(dir, 'results'), join(dir, 'a'), worker)).lines);
  await worker.close();
  const thread = threadRenderer();
  const inProcess = await timed('report, charts in this thread', join(dir, 'results'), join(dir, 'b'), thread);
  out.push(...inProcess.lines);
  await thread.close();
  const bin = resolve(import.meta.dirname, '..', 'bin', 'reftbench.mjs');
  const built = compiledCli();
  if (built.entry === null) throw new Error(`the compiled command could not be built: ${built.reason}`);
  const command = (out: string) => [bin, 'report', join(dir, 'results'), '--out', join(dir, out)];
  const asUsersRunIt = cold('reftbench report (compiled copy, picks the renderer itself)', command('c'));
  out.push(asUsersRunIt.line);
  const compiledRuns = [asUsersRunIt.seconds];
  // Alternating, so that a drift in the machine's speed shows rather than favouring one row.
  for (let round = 0; round < 2; round++)
    for (const charts of ['worker', 'thread'])
      for (const from of ['compiled copy', 'sources through tsx']) {
        const run = cold(`reftbench report (${from}, charts ${charts === 'worker' ? 'on a worker' : 'in its thread'})`, command(`d-${round}-${charts}-${from.length}`), {
          REFTBENCH_CHARTS: charts,
          ...(from === 'compiled copy' ? {} : { REFTBENCH_FROM_SOURCE: '1' }),
        });
        out.push(run.line);
        if (from === 'compiled copy') compiledRuns.push(run.seconds);
      }
  const sorted = [...compiledRuns].sort((a, b) => a - b);
  out.push(
    `${load()} after; ${hostSpeed()} after`,
    `target, under ${TARGET_SECONDS} s for ${results.length} results: in-process (charts in this thread) ${verdict(inProcess.seconds)}; ` +
      `fresh command from the compiled copy, median of ${sorted.length} ${verdict(sorted[Math.floor(sorted.length / 2)]!)} (best ${sorted[0]!.toFixed(2)} s)`,
    '',
  );
  process.stdout.write(out.join('\n'));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
