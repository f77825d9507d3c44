/**
 * Hub models (`hf:<repo>@<revision>`) made into local folders, against a stand-in hub on 127.0.0.1
 * serving a tiny model written by the generator: downloaded once into the cache, found in the
 * huggingface_hub cache, refused offline (naming prefetch) and when the repository has only pickled
 * weights, a cut download leaving nothing complete-looking, two callers taking turns on one lock.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.ts';
import type { DataLocations } from '../../src/data/locations.ts';
import { loadHfDir } from '../../src/models/hf-dir.ts';
import { writeHfDir } from '../../src/models/hf-write.ts';
import { archDifferences, ensureHubModelDir, hubModelCacheDir } from '../../src/models/hub-model.ts';
import { encodeSafetensors, readSafetensors } from '../../src/models/safetensors.ts';
import { generateTinyModel, tinyArch } from '../../src/models/tiny.ts';
import { startHubServer } from './hub-server.ts';

const temp = (name: string) => mkdtempSync(join(tmpdir(), `reftbench-hubmodel-${name}-`));

/** A tiny BERT folder as `reftbench model tiny bert` writes it. */
function tinyModelFolder(): string {
  const dir = join(temp('repo'), 'tiny-bert');
  writeHfDir(dir, generateTinyModel('bert', 0, { numLayers: 1 }));
  return dir;
}

function where(root: string, endpoint: string, extra: Partial<DataLocations> = {}): DataLocations {
  return { cacheDir: join(root, 'cache'), hubEndpoint: endpoint, offline: false, hubCacheDir: join(root, 'hf-hub'), ...extra };
}

const place = (source: string) => ({ file: 'suite.json', pointer: '/models/0/source', source });

/** Every file under `dir`, relative. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

const userError = (pattern: RegExp) => (error: unknown) => {
  assert.ok(error instanceof UserError, `a UserError, got ${String(error)}`);
  assert.match(error.message, pattern);
  return true;
};

test('a hub model is downloaded once into the cache, by repository and revision, and read from there afterwards without the hub', async () => {
  const model = tinyModelFolder();
  const hub = await startHubServer({ 'org/tiny-bert': { dir: model } });
  const root = temp('cache');
  const lines: string[] = [];
  try {
    const got = await ensureHubModelDir('org/tiny-bert', 'main', where(root, hub.endpoint), place('hf:org/tiny-bert@main'), (l) => lines.push(l));
    assert.equal(got.origin, 'downloaded');
    assert.equal(got.dir, hubModelCacheDir(join(root, 'cache'), 'org/tiny-bert', 'main'));
    assert.equal(got.dir, join(root, 'cache', 'models', 'hub', 'org--tiny-bert', 'main'));
    assert.deepEqual(filesUnder(got.dir), ['config.json', 'model.safetensors', 'tokenizer.json']);
    assert.deepEqual(readFileSync(join(got.dir, 'model.safetensors')), readFileSync(join(model, 'model.safetensors')));
    assert.equal(loadHfDir(got.dir).arch.numLayers, 1);
    assert.deepEqual(filesUnder(join(root, 'cache')).filter((f) => !f.startsWith('models/hub/org--tiny-bert/main/')), [], 'no lock, partial folder or temporary left');
    assert.ok(lines.some((l) => /hf:org\/tiny-bert@main: downloading model\.safetensors \(\d+ kB\)/.test(l)), lines.join('\n'));
    assert.ok(hub.requests.every((r) => r.path.startsWith('/org/tiny-bert/resolve/main/') || r.path.startsWith('/cdn/models/org/tiny-bert/')), 'only this repository was asked');
  } finally {
    await hub.close();
  }
  // The hub is gone: the cache answers, online or offline.
  for (const offline of [false, true]) {
    const again = await ensureHubModelDir('org/tiny-bert', 'main', where(root, hub.endpoint, { offline }), place('hf:org/tiny-bert@main'));
    assert.equal(again.origin, 'cache');
  }
  rmSync(root, { recursive: true, force: true });
});

test('offline, a model in neither cache is one message that says to run reftbench prefetch', async () => {
  const root = temp('offline');
  await assert.rejects(
    ensureHubModelDir('org/tiny-bert', 'main', where(root, 'http://127.0.0.1:9', { offline: true }), place('hf:org/tiny-bert@main')),
    userError(/^suite\.json \/models\/0\/source: model "hf:org\/tiny-bert@main" is not in the cache .* offline mode is on .*run `reftbench prefetch suite\.json` on a machine that reaches the hub/),
  );
  assert.deepEqual(filesUnder(root), [], 'nothing written');
});

test('a snapshot in the huggingface_hub cache is used in place, found through refs/<revision>', async () => {
  const root = temp('library');
  const commit = 'a'.repeat(40);
  const library = join(root, 'hf-hub', 'models--org--tiny-bert');
  cpSync(tinyModelFolder(), join(library, 'snapshots', commit), { recursive: true });
  mkdirSync(join(library, 'refs'), { recursive: true });
  writeFileSync(join(library, 'refs', 'main'), commit);
  const got = await ensureHubModelDir('org/tiny-bert', 'main', where(root, 'http://127.0.0.1:9', { offline: true }), place('hf:org/tiny-bert@main'));
  assert.deepEqual(got, { dir: join(library, 'snapshots', commit), origin: 'huggingface_hub cache' });
  assert.equal(existsSync(join(root, 'cache')), false, 'nothing copied');
});

test('a repository with only pickled .bin weights is refused before any weights are fetched, and nothing is cached as complete', async () => {
  const dir = join(temp('pickle'), 'repo');
  const model = tinyModelFolder();
  mkdirSync(dir);
  for (const name of ['config.json', 'tokenizer.json']) cpSync(join(model, name), join(dir, name));
  writeFileSync(join(dir, 'pytorch_model.bin'), Buffer.from('PK\u0003\u0004 a pickle, never to be loaded'));
  const hub = await startHubServer({ 'org/pickled': { dir } });
  const root = temp('pickle-cache');
  try {
    await assert.rejects(
      ensureHubModelDir('org/pickled', 'main', where(root, hub.endpoint), place('hf:org/pickled@main')),
      userError(/model "hf:org\/pickled@main": the repository holds only pickled weights \(pytorch_model\.bin\), no model\.safetensors; reftbench never loads pickle files/),
    );
    assert.equal(hub.requests.filter((r) => r.method === 'GET' && r.path.endsWith('.bin')).length, 0, 'the .bin was never downloaded');
    assert.equal(existsSync(hubModelCacheDir(join(root, 'cache'), 'org/pickled', 'main')), false);
  } finally {
    await hub.close();
  }
});

test('a download cut half-way leaves no complete-looking file; the next attempt fetches only what is missing', async () => {
  const model = tinyModelFolder();
  const served = { dir: model, cut: new Set(['model.safetensors']) };
  const hub = await startHubServer({ 'org/tiny-bert': served });
  const root = temp('cut');
  const target = hubModelCacheDir(join(root, 'cache'), 'org/tiny-bert', 'main');
  try {
    await assert.rejects(
      ensureHubModelDir('org/tiny-bert', 'main', where(root, hub.endpoint), place('hf:org/tiny-bert@main')),
      userError(/model "hf:org\/tiny-bert@main" could not be downloaded: http:\/\/127\.0\.0\.1:\d+\/org\/tiny-bert\/resolve\/main\/model\.safetensors failed \(.+\)\..*reftbench prefetch suite\.json/s),
    );
    assert.equal(existsSync(target), false, 'no model folder');
    const left = filesUnder(join(root, 'cache'));
    assert.ok(!left.some((f) => f.endsWith('model.safetensors')), `no model.safetensors anywhere: ${left.join(', ')}`);
    assert.ok(!left.some((f) => f.endsWith('.lock')), 'the lock is released');

    served.cut.clear();
    const got = await ensureHubModelDir('org/tiny-bert', 'main', where(root, hub.endpoint), place('hf:org/tiny-bert@main'));
    assert.equal(got.dir, target);
    assert.deepEqual(readFileSync(join(target, 'model.safetensors')), readFileSync(join(model, 'model.safetensors')));
    assert.equal(hub.gets('config.json'), 1, 'config.json, complete the first time, is not fetched again');
    assert.equal(hub.gets('model.safetensors'), 2);
  } finally {
    await hub.close();
  }
});

test('a killed download (a temporary and a partial folder left behind) is never taken for complete, and is cleaned up on the next one', async () => {
  const model = tinyModelFolder();
  const hub = await startHubServer({ 'org/tiny-bert': { dir: model } });
  const root = temp('killed');
  const target = hubModelCacheDir(join(root, 'cache'), 'org/tiny-bert', 'main');
  mkdirSync(`${target}.partial`, { recursive: true });
  writeFileSync(join(`${target}.partial`, 'model.safetensors.999999.download'), 'half of it');
  writeFileSync(`${target}.lock`, JSON.stringify({ pid: 999_999_999, host: hostname(), since: new Date().toISOString() }));
  try {
    const got = await ensureHubModelDir('org/tiny-bert', 'main', where(root, hub.endpoint), place('hf:org/tiny-bert@main'));
    assert.equal(got.origin, 'downloaded', 'the dead process\'s lock was taken over');
    assert.deepEqual(filesUnder(join(root, 'cache')), ['config.json', 'model.safetensors', 'tokenizer.json'].map((f) => `models/hub/org--tiny-bert/main/${f}`));
  } finally {
    await hub.close();
  }
});

test('two callers at once take turns on the lock: the weights are downloaded once', async () => {
  const model = tinyModelFolder();
  const hub = await startHubServer({ 'org/tiny-bert': { dir: model } });
  const root = temp('race');
  const waited: string[] = [];
  try {
    const [a, b] = await Promise.all([
      ensureHubModelDir('org/tiny-bert', 'main', where(root, hub.endpoint), place('hf:org/tiny-bert@main'), (l) => waited.push(l)),
      ensureHubModelDir('org/tiny-bert', 'main', where(root, hub.endpoint), place('hf:org/tiny-bert@main'), (l) => waited.push(l)),
    ]);
    assert.equal(a.dir, b.dir);
    assert.deepEqual([a.origin, b.origin].sort(), ['cache', 'downloaded']);
    assert.equal(hub.gets('model.safetensors'), 1);
    assert.ok(waited.some((l) => /another process \(pid \d+ on .+\) is downloading it; waiting/.test(l)), waited.join('\n'));
  } finally {
    await hub.close();
  }
});

test('sharded weights are fetched through model.safetensors.index.json, shard by shard', async () => {
  const model = tinyModelFolder();
  const dir = join(temp('sharded'), 'repo');
  mkdirSync(dir);
  for (const name of ['config.json', 'tokenizer.json']) cpSync(join(model, name), join(dir, name));
  const { tensors } = readSafetensors(join(model, 'model.safetensors'));
  const names = [...tensors.keys()].sort();
  const weightMap: Record<string, string> = {};
  for (const [k, part] of [names.slice(0, names.length / 2), names.slice(names.length / 2)].entries()) {
    const shard = `model-0000${k + 1}-of-00002.safetensors`;
    writeFileSync(join(dir, shard), encodeSafetensors(new Map(part.map((n) => [n, tensors.get(n)!]))));
    for (const n of part) weightMap[n] = shard;
  }
  writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
  const hub = await startHubServer({ 'org/sharded': { dir, revision: 'v1.0' } });
  const root = temp('sharded-cache');
  try {
    const got = await ensureHubModelDir('org/sharded', 'v1.0', where(root, hub.endpoint), place('hf:org/sharded@v1.0'));
    assert.deepEqual(filesUnder(got.dir), ['config.json', 'model-00001-of-00002.safetensors', 'model-00002-of-00002.safetensors', 'model.safetensors.index.json', 'tokenizer.json']);
    assert.equal(loadHfDir(got.dir).weights.size, tensors.size);
  } finally {
    await hub.close();
  }
});

test('an unknown or gated repository, a missing revision and a bad name are each one message; HF_TOKEN is sent as a bearer token', async () => {
  const model = tinyModelFolder();
  const hub = await startHubServer({ 'org/tiny-bert': { dir: model } });
  const root = temp('errors');
  try {
    await assert.rejects(
      ensureHubModelDir('org/nothing', 'main', where(root, hub.endpoint, { hubToken: 'hf_secret' }), place('hf:org/nothing@main')),
      userError(/model "hf:org\/nothing@main": the hub refused http:\/\/127\.0\.0\.1:\d+\/org\/nothing\/resolve\/main\/config\.json \(HTTP 401\).*HF_TOKEN/),
    );
    assert.equal(hub.requests.at(-1)?.authorization, 'Bearer hf_secret');
    await assert.rejects(
      ensureHubModelDir('org/tiny-bert', 'v9', where(root, hub.endpoint), place('hf:org/tiny-bert@v9')),
      userError(/resolve\/v9\/config\.json does not exist \(HTTP 404\)\. Check the repository name and the revision/),
    );
    for (const [repo, revision] of [['../../etc', 'main'], ['org/tiny-bert', '../x'], ['a/b/c', 'main']] as const) {
      await assert.rejects(ensureHubModelDir(repo, revision, where(root, hub.endpoint), place(`hf:${repo}@${revision}`)), userError(/is not a hub repository name/));
    }
  } finally {
    await hub.close();
  }
});

test('the suite\'s architecture is compared with the downloaded config.json on the fields the plan counts', () => {
  const arch = tinyArch('bert', { numLayers: 1 });
  assert.deepEqual(archDifferences(arch, arch), []);
  assert.deepEqual(archDifferences({ ...arch, numLayers: 2, normEps: 1e-5 }, arch), ['numLayers 2 vs 1']);
});

test('a model of a family reftbench cannot run is refused from its config.json, before the weights are fetched', async () => {
  const dir = join(temp('gpt2'), 'repo');
  cpSync(tinyModelFolder(), dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'gpt2', n_layer: 2 }));
  const hub = await startHubServer({ 'org/gpt2ish': { dir } });
  try {
    await assert.rejects(
      ensureHubModelDir('org/gpt2ish', 'main', where(temp('gpt2-cache'), hub.endpoint), place('hf:org/gpt2ish@main')),
      userError(/^suite\.json \/models\/0\/source: model "hf:org\/gpt2ish@main": reftbench cannot run this model: .*"model_type" is "gpt2"; reftbench reads bert, roberta and llama models/),
    );
    assert.equal(hub.gets('model.safetensors'), 0);
  } finally {
    await hub.close();
  }
});
