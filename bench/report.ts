/**
 * Benchmark: report generation for 10,000 synthetic run results (target: under 3 s).
 *   npm run bench:report            (= node --import tsx bench/report.ts)
 * Suite shape: 2 models × 5 tasks (4 classification, 1 regression, 200 test examples) × 10 methods
 * (5 ReFT, 5 baselines) × (95 trials + 5 seeds) = 10,000 runs, 250 comparisons.
 * Prints the time of each stage: in-memory report (statistics), the rendered bundle (charts, tables,
 * HTML), and the whole command from files on disk (read + validate + report + write).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBundle } from '../src/report/bundle.ts';
import { buildReport } from '../src/report/build-report.ts';
import { findFontFiles } from '../src/report/charts/font.ts';
import { generateReport } from '../src/report/generate-report.ts';
import { defaultReportOptions } from '../src/report/report-options.ts';
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

/** Wall seconds since `start`, with the process's CPU seconds beside them (all threads; on a busy machine wall time overstates). */
let cpuStart = process.cpuUsage();
const seconds = (start: number) => {
  const cpu = process.cpuUsage(cpuStart);
  cpuStart = process.cpuUsage();
  return `${((performance.now() - start) / 1000).toFixed(2)} s wall (${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU)`;
};

const results = syntheticResults(options);
const loaded = results.map((result) => ({ file: `${result.runId}.json`, result }));
const fonts = findFontFiles(process.env);
// Warm-up: module loading (vega, vega-lite, resvg) is not part of the report's work.
await buildBundle(buildReport(loaded.slice(0, 200), defaultReportOptions), fonts);

let start = performance.now();
cpuStart = process.cpuUsage();
const report = buildReport(loaded, defaultReportOptions);
const statistics = seconds(start);
start = performance.now();
const files = await buildBundle(report, fonts);
const rendering = seconds(start);

const dir = mkdtempSync(join(tmpdir(), 'reftbench-bench-report-'));
try {
  mkdirSync(join(dir, 'results'));
  for (const r of results) writeFileSync(join(dir, 'results', `${r.runId}.json`), JSON.stringify(r));
  start = performance.now();
  cpuStart = process.cpuUsage();
  await generateReport(join(dir, 'results'), join(dir, 'report'), dir, process.env);
  const endToEnd = seconds(start);
  process.stdout.write(
    [
      `runs: ${results.length}; entries: ${report.entries.length}; comparisons: ${report.comparisons.length}; bundle files: ${files.size}`,
      `report statistics (in memory): ${statistics}`,
      `charts, tables, README, HTML:  ${rendering}`,
      `from files (read + validate + report + write): ${endToEnd}`,
      `load average: ${(await import('node:os')).loadavg().map((v) => v.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`,
      '',
    ].join('\n'),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
