/**
 * Hub models through the command line, against a stand-in hub on 127.0.0.1 (test/models/hub-server.ts)
 * serving a tiny BERT written by the generator: a suite with an `hf:` source plans and runs on `ort`,
 * a second run uses the cache with the hub gone, offline without a cache is one message naming
 * prefetch (exit 2), and `reftbench prefetch` fills the cache (model and GLUE parquet files) so an
 * offline run needs nothing else. No request goes anywhere but the stand-in: HF_ENDPOINT points at it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHfDir } from '../../src/models/hf-write.ts';
import { hasTorchEnv } from '../../src/backends/registry.ts';
import { hubModelCacheDir } from '../../src/models/hub-model.ts';
import { generateTinyModel } from '../../src/models/tiny.ts';
import type { ArchConfig } from '../../src/models/arch.ts';
import { startHubServer } from '../models/hub-server.ts';
import { fixtures, readResults, reftbench, repo, suiteVariant, tempDir } from '../run/helpers.ts';

const work = tempDir('prefetch-work');
const SOURCE = 'hf:test-org/tiny-bert@main';

/** The runner's tiny suite with its model taken from the hub, one method, one trial, one seed. */
const hubSuite = (name: string, change: (suite: Parameters<Parameters<typeof suiteVariant>[1]>[0]) => void = () => {}) => suiteVariant(work, (suite) => {
  suite.name = name;
  suite.models[0]!.source = SOURCE;
  suite.methods = [{ id: 'bitfit', kind: 'bitfit', search: { lr: [0.01] } }];
  suite.tuning = { ...suite.tuning, trials: 1 };
  suite.seeds = [1];
  change(suite);
}, `${name}.json`);

/** The tiny BERT the suite describes, as `reftbench model tiny bert` writes it. */
function servedModel(suiteFile: string): string {
  const suite = JSON.parse(readFileSync(suiteFile, 'utf8')) as { models: { arch: Partial<ArchConfig> }[] };
  const dir = join(tempDir('prefetch-repo'), 'tiny-bert');
  writeHfDir(dir, generateTinyModel('bert', 0, suite.models[0]!.arch));
  return dir;
}

/** Online against the stand-in hub (HF_HUB_OFFLINE unset). */
const online = (endpoint: string) => ({ HF_ENDPOINT: endpoint, HF_HUB_OFFLINE: '' });

test('a suite with an hf: model plans and runs on ort; the second run and the plan use the cache with the hub gone', async () => {
  const suite = hubSuite('hub-run');
  const hub = await startHubServer({ 'test-org/tiny-bert': { dir: servedModel(suite) } });
  const cache = tempDir('prefetch-cache');
  const first = join(work, 'first');
  try {
    const outcome = await reftbench(['run', suite, '--data-dir', fixtures, '--results', first, '--backend', 'ort'], cache, online(hub.endpoint));
    assert.equal(outcome.code, 0, outcome.err.join('\n'));
    assert.match(outcome.err.join('\n'), /hf:test-org\/tiny-bert@main: downloading model\.safetensors \(\d+ kB\)/, 'the download is shown');
    assert.equal(hub.gets('model.safetensors'), 1);
    assert.ok(hub.requests.every((r) => r.path.startsWith('/test-org/tiny-bert/resolve/main/') || r.path.startsWith('/cdn/')), 'only the model was asked for');
  } finally {
    await hub.close();
  }
  const results = readResults(first);
  assert.equal(results.size, 2, 'one trial and one final run');
  assert.ok([...results.values()].every((r) => r.status === 'ok' && r.spec.model.source === SOURCE));
  assert.ok(existsSync(join(hubModelCacheDir(cache, 'test-org/tiny-bert', 'main'), 'model.safetensors')));

  // The hub is gone (its port closed), HF_HUB_OFFLINE is not set: the cache answers.
  const second = join(work, 'second');
  const again = await reftbench(['run', suite, '--data-dir', fixtures, '--results', second, '--backend', 'ort'], cache, online(hub.endpoint));
  assert.equal(again.code, 0, again.err.join('\n'));
  const rerun = readResults(second);
  assert.deepEqual([...rerun.keys()].sort(), [...results.keys()].sort(), 'the same run ids');
  for (const [id, r] of rerun) assert.deepEqual(r.metrics, results.get(id)!.metrics, 'the same metrics from the same weights');

  const plan = await reftbench(['plan', suite, '--data-dir', fixtures, '--backend', 'ort'], cache, online(hub.endpoint));
  assert.equal(plan.code, 0, plan.err.join('\n'));
  assert.doesNotMatch(plan.err.join('\n'), /could not be prepared/, 'planned from the prepared model and data');
  assert.doesNotMatch(plan.out.join('\n'), /no wall-time estimate/, 'timed with the downloaded model');
});

test('the torch backend runs the same hub model from the same cached folder', { skip: hasTorchEnv() ? false : 'no torch environment (.venv/): npm run setup:torch' }, async () => {
  const suite = hubSuite('hub-torch');
  const hub = await startHubServer({ 'test-org/tiny-bert': { dir: servedModel(suite) } });
  const cache = tempDir('prefetch-torch-cache');
  const results = join(work, 'torch-results');
  try {
    const outcome = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results, '--backend', 'torch'], cache, online(hub.endpoint));
    assert.equal(outcome.code, 0, outcome.err.join('\n'));
  } finally {
    await hub.close();
  }
  const runs = [...readResults(results).values()];
  assert.equal(runs.length, 2);
  assert.ok(runs.every((r) => r.status === 'ok' && r.spec.model.source === SOURCE));
});

test('offline with nothing cached, run is one message that says to run reftbench prefetch (exit 2), and writes nothing', async () => {
  const suite = hubSuite('hub-offline');
  const cache = tempDir('prefetch-offline-cache');
  const results = join(work, 'offline-results');
  const outcome = await reftbench(['run', suite, '--data-dir', fixtures, '--results', results, '--backend', 'ort'], cache, { HF_ENDPOINT: 'http://127.0.0.1:9', HF_HUB_OFFLINE: '1' });
  assert.equal(outcome.code, 2);
  assert.equal(outcome.err.length, 1, outcome.err.join('\n'));
  assert.match(outcome.err[0]!, new RegExp(`hub-offline\\.json /models/0/source: model "hf:test-org/tiny-bert@main" is not in the cache .*run \`reftbench prefetch .*hub-offline\\.json\``));
  assert.doesNotMatch(outcome.err[0]!, /\n\s+at /, 'no stack trace');
  assert.equal(existsSync(results), false);
});

test('prefetch downloads the suite\'s hub model and GLUE files once; an offline run then needs nothing else', async () => {
  const suite = hubSuite('hub-prefetch', (s) => {
    s.tasks = [{
      id: 'rte', source: 'glue/rte', type: 'classification', numLabels: 2, maxLength: 16,
      metrics: [{ name: 'accuracy', direction: 'max' }],
      split: { train: { of: 'train' }, dev: { of: 'train', size: 2, seed: 0 }, test: { of: 'validation' } },
    }];
  });
  // The GLUE parquet files in the hub's dataset layout (train served from the fixture's validation file).
  const glue = join(tempDir('prefetch-glue'), 'glue');
  mkdirSync(join(glue, 'rte'), { recursive: true });
  const parquet = join(repo, 'test', 'fixtures', 'data', 'hub', 'nyu-mll--glue', 'rte', 'validation-00000-of-00001.parquet');
  copyFileSync(parquet, join(glue, 'rte', 'validation-00000-of-00001.parquet'));
  copyFileSync(parquet, join(glue, 'rte', 'train-00000-of-00001.parquet'));
  const hub = await startHubServer({ 'test-org/tiny-bert': { dir: servedModel(suite) } }, { 'nyu-mll/glue': { dir: glue } });
  const cache = tempDir('prefetch-fill-cache');
  const env = { ...online(hub.endpoint), REFTBENCH_DATA_DIR: '' };
  try {
    const fetched = await reftbench(['prefetch', suite], cache, env);
    assert.equal(fetched.code, 0, fetched.err.join('\n'));
    const out = fetched.out.join('\n');
    assert.match(out, /model tiny-bert \(hf:test-org\/tiny-bert@main\): downloaded to .*models\/hub\/test-org--tiny-bert\/main/);
    assert.match(out, /task rte \(glue\/rte\): ready/);
    assert.match(out, /1 model and 1 task ready in .*HF_HUB_OFFLINE=1/);
    assert.match(fetched.err.join('\n'), /downloading model\.safetensors/);
    assert.equal(hub.gets('train-00000-of-00001.parquet'), 1);

    const twice = await reftbench(['prefetch', suite], cache, env);
    assert.equal(twice.code, 0, twice.err.join('\n'));
    assert.match(twice.out.join('\n'), /model tiny-bert \(hf:test-org\/tiny-bert@main\): already in the cache/);
    assert.equal(hub.gets('model.safetensors'), 1, 'a second prefetch downloads nothing');
  } finally {
    await hub.close();
  }
  const results = join(work, 'prefetched-results');
  const outcome = await reftbench(['run', suite, '--results', results, '--backend', 'ort'], cache, { HF_ENDPOINT: hub.endpoint, HF_HUB_OFFLINE: '1', REFTBENCH_DATA_DIR: '' });
  assert.equal(outcome.code, 0, outcome.err.join('\n'));
  assert.equal(readResults(results).size, 2);
});

test('prefetch refuses a repository with only pickled weights, an architecture that differs from the config, running offline, and checks its command line; each is one message and exit 2', async () => {
  const suite = hubSuite('hub-pickle');
  const model = servedModel(suite);
  const pickled = join(tempDir('prefetch-pickle'), 'repo');
  mkdirSync(pickled);
  for (const name of ['config.json', 'tokenizer.json']) cpSync(join(model, name), join(pickled, name));
  writeFileSync(join(pickled, 'pytorch_model.bin'), 'a pickle');
  const hub = await startHubServer({ 'test-org/tiny-bert': { dir: pickled } });
  const cache = tempDir('prefetch-pickle-cache');
  try {
    const refused = await reftbench(['prefetch', suite, '--data-dir', fixtures], cache, online(hub.endpoint));
    assert.equal(refused.code, 2);
    const messages = refused.err.filter((l) => !/^hf:\S+: downloading /.test(l));
    assert.equal(messages.length, 1, refused.err.join('\n'));
    assert.match(messages[0]!, /hub-pickle\.json \/models\/0\/source: model "hf:test-org\/tiny-bert@main": the repository holds only pickled weights \(pytorch_model\.bin\)/);
    assert.equal(existsSync(hubModelCacheDir(cache, 'test-org/tiny-bert', 'main')), false);
  } finally {
    await hub.close();
  }
  // A suite whose architecture for the model says otherwise than the repository's config.json.
  const wrong = hubSuite('hub-wrong-arch', (s) => { s.models[0]!.arch = { ...s.models[0]!.arch!, numLayers: 3 }; });
  const served = await startHubServer({ 'test-org/tiny-bert': { dir: model } });
  try {
    const refused = await reftbench(['prefetch', wrong, '--data-dir', fixtures], tempDir('prefetch-arch-cache'), online(served.endpoint));
    assert.equal(refused.code, 2);
    assert.match(refused.err.at(-1)!, /hub-wrong-arch\.json \/models\/0: model "hf:test-org\/tiny-bert@main": the suite's architecture for this model differs from its config\.json .*numLayers 3 vs 2/);
  } finally {
    await served.close();
  }
  const offline = await reftbench(['prefetch', suite], cache, { HF_HUB_OFFLINE: '1' });
  assert.equal(offline.code, 2);
  assert.match(offline.err.join('\n'), /reftbench prefetch downloads from the hub, but offline mode is on/);
  for (const [args, pattern] of [
    [[], /`reftbench prefetch` needs a suite file/],
    [[suite, 'other.json'], /reftbench prefetch: unexpected argument "other\.json"/],
    [[suite, '--jobs=2'], /reftbench prefetch: unknown option --jobs=2/],
    [[suite, '--data-dir'], /reftbench prefetch: --data-dir needs a value/],
  ] as const) {
    const bad = await reftbench(['prefetch', ...args], cache, online('http://127.0.0.1:9'));
    assert.equal(bad.code, 2, bad.err.join('\n'));
    assert.match(bad.err.join('\n'), pattern);
  }
});
