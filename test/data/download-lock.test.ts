/**
 * The lock that makes processes take turns on one download: a live holder is waited for, a holder
 * that is gone (a dead pid on this host, or a lock nobody touched for the stale time) is taken over,
 * the holder keeps its lock fresh while it works, and two GLUE loads at once fetch the parquet file once.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withDownloadLock } from '../../src/data/download-lock.ts';
import { loadGlueSplit } from '../../src/data/glue-source.ts';
import { startHubServer } from '../models/hub-server.ts';

const fast = { heartbeatMs: 20, staleMs: 300, pollMs: 10 };
const temp = (name: string) => mkdtempSync(join(tmpdir(), `reftbench-dlock-${name}-`));

test('a second taker waits for the live holder, then runs; the lock is gone afterwards', async () => {
  const target = join(temp('turns'), 'file');
  const order: string[] = [];
  let waitedFor: number | undefined;
  await Promise.all([
    withDownloadLock(target, async () => {
      order.push('a start');
      await sleep(100);
      order.push('a end');
    }, undefined, fast),
    sleep(10).then(() => withDownloadLock(target, async () => void order.push('b'), (holder) => { waitedFor = holder?.pid; }, fast)),
  ]);
  assert.deepEqual(order, ['a start', 'a end', 'b']);
  assert.equal(waitedFor, process.pid);
  assert.equal(existsSync(`${target}.lock`), false);
});

test('a lock of a dead process on this host, and one nobody touched for the stale time, are taken over', async () => {
  const dir = temp('stale');
  const dead = join(dir, 'dead');
  writeFileSync(`${dead}.lock`, JSON.stringify({ pid: 999_999_999, host: hostname(), since: '2020-01-01T00:00:00Z' }));
  assert.equal(await withDownloadLock(dead, async () => 'ran', () => assert.fail('no wait for a dead holder'), fast), 'ran');
  const elsewhere = join(dir, 'elsewhere');
  writeFileSync(`${elsewhere}.lock`, JSON.stringify({ pid: 1, host: 'another-host', since: '2020-01-01T00:00:00Z' }));
  const old = new Date(Date.now() - 10_000);
  utimesSync(`${elsewhere}.lock`, old, old);
  assert.equal(await withDownloadLock(elsewhere, async () => 'ran', () => assert.fail('no wait for a stale lock'), fast), 'ran');
  assert.equal(existsSync(`${dead}.lock`) || existsSync(`${elsewhere}.lock`), false);
});

test('the holder touches its lock while it works, so a long download is not taken for stale', async () => {
  const target = join(temp('heartbeat'), 'file');
  await withDownloadLock(target, async () => {
    const before = statSync(`${target}.lock`).mtimeMs;
    await sleep(fast.staleMs * 2);
    assert.ok(Date.now() - statSync(`${target}.lock`).mtimeMs < fast.staleMs, 'touched recently');
    assert.ok(statSync(`${target}.lock`).mtimeMs > before);
  }, undefined, fast);
});

test('two GLUE loads at once download the parquet file once', async () => {
  const glue = join(temp('glue'), 'glue');
  mkdirSync(join(glue, 'rte'), { recursive: true });
  copyFileSync(new URL('../fixtures/data/hub/nyu-mll--glue/rte/validation-00000-of-00001.parquet', import.meta.url).pathname, join(glue, 'rte', 'validation-00000-of-00001.parquet'));
  const hub = await startHubServer({}, { 'nyu-mll/glue': { dir: glue } });
  const root = temp('glue-cache');
  const where = { cacheDir: join(root, 'cache'), hubEndpoint: hub.endpoint, offline: false, hubCacheDir: join(root, 'hf-hub') };
  try {
    const [a, b] = await Promise.all([loadGlueSplit('rte', 'validation', where), loadGlueSplit('rte', 'validation', where)]);
    assert.equal(a.examples.examples.length, b.examples.examples.length);
    assert.deepEqual([a.origin, b.origin].sort(), ['hub', 'hub']);
    assert.equal(hub.gets('validation-00000-of-00001.parquet'), 1);
  } finally {
    await hub.close();
  }
});
