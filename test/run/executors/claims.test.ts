/**
 * Run claims without a cluster: a claim is made once; a live holder keeps it; a gone holder's claim
 * is taken over, and of many takers racing for one stale claim exactly one wins; the claim is released
 * only by its owner.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { claimFile, claimRun, claimsDir, releaseClaim, type Claim } from '../../../src/run/executors/slurm/claims.ts';
import { tempDir } from '../helpers.ts';

const claim = (pid: number, jobId?: string): Claim => ({ runId: 'm.t.lora.trial0.abc', host: 'node1', pid, ...(jobId === undefined ? {} : { jobId, task: `${jobId}_0` }), since: `2026-12-07T00:00:0${pid % 10}Z` });

test('a run is claimed once: a second claimant sees the live holder', async () => {
  const dir = tempDir('claims-once');
  assert.deepEqual(await claimRun(dir, claim(1, '10'), async () => true), { kind: 'claimed' });
  const second = await claimRun(dir, claim(2, '11'), async () => true);
  assert.equal(second.kind, 'held');
  assert.equal(second.kind === 'held' && second.by.jobId, '10');
  assert.deepEqual(readdirSync(claimsDir(dir)), ['m.t.lora.trial0.abc.claim'], 'no temporary file is left');
});

test('a claim whose job is gone is taken over; of 8 racing takers exactly one wins', async () => {
  const dir = tempDir('claims-race');
  await claimRun(dir, claim(1, '10'), async () => true);
  const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => claimRun(dir, claim(20 + i, String(20 + i)), async (holder) => holder.jobId !== '10')));
  const won = outcomes.filter((o) => o.kind === 'claimed');
  assert.equal(won.length, 1, JSON.stringify(outcomes));
  assert.ok(outcomes.every((o) => o.kind === 'claimed' || o.by.jobId !== '10'), 'nobody is left waiting on the gone job');
  assert.deepEqual(readdirSync(claimsDir(dir)), ['m.t.lora.trial0.abc.claim']);
});

test('a single taker says whose claim it took over', async () => {
  const dir = tempDir('claims-takeover');
  await claimRun(dir, claim(1, '10'), async () => true);
  const outcome = await claimRun(dir, claim(2, '11'), async () => false);
  assert.equal(outcome.kind === 'claimed' && outcome.tookOver?.jobId, '10');
});

test('an unreadable claim is taken over; a claim is released only by its owner', async () => {
  const dir = tempDir('claims-release');
  mkdirSync(claimsDir(dir), { recursive: true });
  writeFileSync(claimFile(dir, 'm.t.lora.trial0.abc'), '{"half');
  const mine = claim(3, '30');
  assert.equal((await claimRun(dir, mine, async () => true)).kind, 'claimed');
  await releaseClaim(dir, claim(4, '40'));
  assert.ok(existsSync(claimFile(dir, mine.runId)), 'another process cannot release it');
  await releaseClaim(dir, mine);
  assert.equal(existsSync(claimFile(dir, mine.runId)), false);
});
