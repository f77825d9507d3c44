/**
 * Source resolution: data directory, then cache, then the hub's parquet files downloaded from a
 * local HTTP server this test starts on 127.0.0.1 (never the internet).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { UserError } from '../../src/errors.ts';
import { loadGlueSplit } from '../../src/data/glue-source.ts';
import { glueExamplesFromParquet } from '../../src/data/glue-parquet.ts';
import { glueTasks } from '../../src/data/glue-tasks.ts';
import { resolveDataLocations, type DataLocations } from '../../src/data/locations.ts';
import { readParquetTable } from '../../src/data/parquet-rows.ts';
import { tempDir } from './temp-dirs.ts';

const fixtures = new URL('../fixtures/data/hub/', import.meta.url);
const rteParquet = readFileSync(new URL('nyu-mll--glue/rte/validation-00000-of-00001.parquet', fixtures));

/** Serves the RTE fixture at the hub's resolve URL and counts requests. */
async function startHub(): Promise<{ server: Server; endpoint: string; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/datasets/nyu-mll/glue/resolve/main/rte/validation-00000-of-00001.parquet') {
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(rteParquet);
    } else if (req.url === '/datasets/nyu-mll/glue/resolve/main/cola/train-00000-of-00001.parquet') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html>please log in to the proxy</html>');
    } else {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

function locations(endpoint: string, extra: Partial<DataLocations> = {}): DataLocations {
  const root = tempDir('source');
  return { cacheDir: join(root, 'cache'), hubEndpoint: endpoint, offline: false, hubCacheDir: join(root, 'hf-hub'), ...extra };
}

const userError = (pattern: RegExp) => (error: unknown) => error instanceof UserError && pattern.test(error.message);

test('downloads the parquet file from the hub endpoint once, then reads the cache', async (t) => {
  const hub = await startHub();
  t.after(() => hub.server.close());
  const where = locations(hub.endpoint);
  const first = await loadGlueSplit('rte', 'validation', where);
  assert.equal(first.origin, 'hub');
  assert.equal(first.examples.examples.length, 4);
  assert.deepEqual(first.examples.examples[1], { text: 'Paris is in France.', textPair: 'Paris is in Spain.', label: 1 });
  assert.ok(existsSync(join(where.cacheDir, 'hub', 'nyu-mll--glue', 'main', 'rte', 'validation-00000-of-00001.parquet')));
  const second = await loadGlueSplit('RTE', 'validation', { ...where, offline: true });
  assert.equal(second.origin, 'cache');
  assert.deepEqual(second.examples, first.examples);
  assert.equal(hub.hits.length, 1);
});

test('the data directory comes first', async (t) => {
  const hub = await startHub();
  t.after(() => hub.server.close());
  const dataDir = tempDir('datadir');
  mkdirSync(join(dataDir, 'glue', 'RTE'), { recursive: true });
  writeFileSync(join(dataDir, 'glue', 'RTE', 'dev.tsv'), 'index\tsentence1\tsentence2\tlabel\n0\tA.\tB.\tentailment\n');
  const loaded = await loadGlueSplit('rte', 'validation', locations(hub.endpoint, { dataDir }));
  assert.equal(loaded.origin, 'data-dir');
  assert.deepEqual(loaded.examples.examples, [{ text: 'A.', textPair: 'B.', label: 0 }]);
  assert.equal(hub.hits.length, 0);
});

test('the huggingface_hub library cache counts as a local cache', async () => {
  const where = locations('http://127.0.0.1:9', { offline: true });
  const snapshot = join(where.hubCacheDir, 'datasets--nyu-mll--glue', 'snapshots', 'abc123', 'rte');
  mkdirSync(snapshot, { recursive: true });
  writeFileSync(join(snapshot, 'validation-00000-of-00001.parquet'), rteParquet);
  const loaded = await loadGlueSplit('rte', 'validation', where);
  assert.equal(loaded.origin, 'cache');
  assert.equal(loaded.examples.examples.length, 4);
});

test('missing data offline: one message naming what to set', async () => {
  await assert.rejects(loadGlueSplit('sst2', 'train', locations('http://127.0.0.1:9', { offline: true })),
    userError(/GLUE task SST-2 \(train\) is not available\..*offline mode is on.*Set REFTBENCH_DATA_DIR \(or --data-dir\)/s));
});

test('hub errors (HTTP 404, connection refused) become the same message with the reason', async (t) => {
  const hub = await startHub();
  t.after(() => hub.server.close());
  await assert.rejects(loadGlueSplit('sst2', 'validation', locations(hub.endpoint)), userError(/sst2\/validation-00000-of-00001\.parquet failed \(HTTP 404/));
  const closed = await startHub();
  closed.server.close();
  await assert.rejects(loadGlueSplit('rte', 'train', locations(closed.endpoint)), userError(/GLUE task RTE \(train\) is not available.*fetch failed/s));
});

test('a proxy page instead of the file is refused and nothing is cached', async (t) => {
  const hub = await startHub();
  t.after(() => hub.server.close());
  const where = locations(hub.endpoint);
  await assert.rejects(loadGlueSplit('cola', 'train', where), userError(/something else than the file \(text\/html\)/));
  assert.ok(!existsSync(join(where.cacheDir, 'hub', 'nyu-mll--glue', 'main', 'cola')) || readdirSync(join(where.cacheDir, 'hub', 'nyu-mll--glue', 'main', 'cola')).length === 0);
});

test('a damaged cached parquet file is a user error naming it', async () => {
  const where = locations('http://127.0.0.1:9', { offline: true });
  const file = join(where.cacheDir, 'hub', 'nyu-mll--glue', 'main', 'rte', 'train-00000-of-00001.parquet');
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, rteParquet.subarray(0, 100));
  await assert.rejects(loadGlueSplit('rte', 'train', where), userError(/train-00000-of-00001\.parquet: not a readable parquet file .*Delete it and rerun/s));
});

test('unknown task and a parquet label out of range', async () => {
  await assert.rejects(loadGlueSplit('wnli', 'train', locations('http://127.0.0.1:9')), userError(/unknown GLUE task "wnli"/));
  const file = new URL('bad-label.parquet', fixtures).pathname;
  const table = await readParquetTable(file);
  assert.throws(() => glueExamplesFromParquet(glueTasks.rte, table, file), userError(/bad-label\.parquet: row 2 has label 7/));
});

test('locations come from the option, then the environment', () => {
  const env = { REFTBENCH_DATA_DIR: '/data', REFTBENCH_CACHE_DIR: 'c', HF_ENDPOINT: 'http://mirror/', HF_HUB_OFFLINE: '1' };
  const fromEnv = resolveDataLocations(env, '/work');
  assert.deepEqual([fromEnv.dataDir, fromEnv.cacheDir, fromEnv.hubEndpoint, fromEnv.offline], ['/data', '/work/c', 'http://mirror', true]);
  const fromOption = resolveDataLocations(env, '/work', 'mine');
  assert.equal(fromOption.dataDir, '/work/mine');
  const bare = resolveDataLocations({}, '/work');
  assert.deepEqual([bare.dataDir, bare.cacheDir, bare.hubEndpoint, bare.offline], [undefined, '/work/.cache/reftbench', 'https://huggingface.co', false]);
});
