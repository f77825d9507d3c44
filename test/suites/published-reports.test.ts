/**
 * The reports published in reports/<suite>/ stay true to the code and suites beside them: each
 * regenerates byte for byte from results/<suite>/, was made from suites/<suite>.json as it is now,
 * and its results are the runs that suite plans today (same run ids in the checkout that made them,
 * so a method or engine version bump cannot leave stale published results unnoticed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { main } from '../../src/cli.ts';
import { archPreset, type ArchPresetName } from '../../src/models/presets.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { finalSpecFor } from '../../src/plan/final-spec.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { resolveDataLocations } from '../../src/data/locations.ts';
import { prepareInputs, trainLengthsOf } from '../../src/run/prepare-inputs.ts';
import { fits } from '../../src/suite/semantic-check.ts';
import type { RunResult } from '../../src/types/result.ts';

const repo = resolve(import.meta.dirname, '../..');

/** The published suites and the preset that stands in for their model directory (only hashes and arch matter here). */
const published: [string, ArchPresetName][] = [
  ['glue-mini', 'all-MiniLM-L6-v2'],
  ['stories-recall', 'stories260K'],
  ['glue-small-pilot', 'all-MiniLM-L6-v2'],
  ['glue-small-pilot-cola', 'all-MiniLM-L6-v2'],
  ['glue-small', 'all-MiniLM-L6-v2'],
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

for (const [name, preset] of published) {
  test(`reports/${name} regenerates byte for byte from results/${name}`, async () => {
    const out = mkdtempSync(join(tmpdir(), `reftbench-published-${name}-`));
    try {
      const err: string[] = [];
      const code = await main(['report', join(repo, 'results', name), '--out', out], { out: () => {}, err: (t) => err.push(t), cwd: repo, env: {} });
      assert.equal(code, 0, err.join(''));
      const committed = join(repo, 'reports', name);
      const expected = filesUnder(committed).map((f) => relative(committed, f));
      assert.deepEqual(filesUnder(out).map((f) => relative(out, f)), expected);
      for (const file of expected) assert.ok(readFileSync(join(out, file)).equals(readFileSync(join(committed, file))), `${file} differs: regenerate with reftbench report results/${name} --out reports/${name}`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  test(`results/${name} were made from suites/${name}.json as it is now`, () => {
    const loaded = loadSuite(`suites/${name}.json`, repo, () => archPreset(preset));
    const report = JSON.parse(readFileSync(join(repo, 'reports', name, 'report.json'), 'utf8')) as { suite: { name: string; hash: string } };
    assert.deepEqual(report.suite, { hash: loaded.hash, name: loaded.suite.name }, `suites/${name}.json changed since its report was made`);
  });

  // The plan's steps (and so its run ids) count the real tokens of each run's batches, so checking
  // the ids needs the suite's data and model, as `reftbench run` does.
  const model = join(repo, '.cache', 'models', preset === 'stories260K' ? 'stories260K' : preset);
  const skip = !process.env.REFTBENCH_DATA_DIR ? 'REFTBENCH_DATA_DIR is not set (the suite\'s data)' : !existsSync(join(model, 'config.json')) ? `${model} is missing (npm run setup:models / setup:stories)` : false;
  test(`results/${name} are the runs suites/${name}.json plans today`, { skip }, async () => {
    const loaded = loadSuite(`suites/${name}.json`, repo);
    const dir = join(repo, 'results', name);
    const results = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('_')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunResult);
    const cache = mkdtempSync(join(tmpdir(), `reftbench-published-ids-${name}-`));
    try {
      const inputs = await prepareInputs(loaded, resolveDataLocations({ ...process.env, REFTBENCH_CACHE_DIR: cache }, repo, undefined), join(repo, 'suites'), (m, t) => fits(m.family, t.type));
      const plan = buildPlan(loaded, { backend: 'ort', trainLengths: trainLengthsOf(inputs) });
      const trialIds = plan.groups.flatMap((g) => g.trials.map((t) => t.runId)).sort();
      assert.deepEqual(results.filter((r) => r.spec.phase === 'trial').map((r) => r.runId).sort(), trialIds, 'trial ids changed: a method or engine version moved; rerun the suite');
      for (const final of results.filter((r) => r.spec.phase === 'final')) {
        const trial = plan.groups.find((g) => g.modelId === final.spec.model.id && g.taskId === final.spec.task.id && g.methodId === final.spec.method.id && g.level === final.spec.accounting?.budget?.level)!.trials[final.spec.trial]!;
        const lengths = trainLengthsOf(inputs)(final.spec.model.id, final.spec.task.id);
        assert.equal(finalSpecFor(trial.spec, final.spec.seed, lengths).runId, final.runId, `${final.runId}: not the id the plan gives its selected trial today`);
      }
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
}
