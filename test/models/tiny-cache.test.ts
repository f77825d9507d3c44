import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.ts';
import { loadHfDir } from '../../src/models/hf-dir.ts';
import { ensureTinyModelDir, parseTinySource, tinyArchConflicts } from '../../src/models/tiny-cache.ts';

test('parseTinySource reads tiny:<kind>@<seed> and leaves other sources alone', () => {
  assert.deepEqual(parseTinySource('tiny:llama@12'), { kind: 'llama', seed: 12 });
  assert.equal(parseTinySource('./models/x'), undefined);
  assert.equal(parseTinySource('hf:roberta-base@main'), undefined);
  assert.throws(() => parseTinySource('tiny:gpt@1'), (e: unknown) => e instanceof UserError && /unknown kind "gpt"/.test(e.message));
});

test('ensureTinyModelDir generates once per (kind, seed, arch) and reuses the folder', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reftbench-tinycache-'));
  try {
    const a = await ensureTinyModelDir('tiny:bert@3', { numLayers: 1 }, root);
    const mtime = statSync(join(a, 'model.safetensors')).mtimeMs;
    assert.equal(await ensureTinyModelDir('tiny:bert@3', { numLayers: 1 }, root), a);
    assert.equal(statSync(join(a, 'model.safetensors')).mtimeMs, mtime, 'not rewritten');
    const b = await ensureTinyModelDir('tiny:bert@3', { numLayers: 2 }, root);
    const c = await ensureTinyModelDir('tiny:bert@4', { numLayers: 1 }, root);
    assert.equal(new Set([a, b, c]).size, 3);
    assert.equal(loadHfDir(a).arch.numLayers, 1);
    assert.equal(readdirSync(root).filter((n) => n.includes('staging')).length, 0, 'no staging folders left');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('an inline arch the generator cannot honour is refused, naming the field', async () => {
  assert.deepEqual(tinyArchConflicts('roberta', { padTokenId: 1, positionOffset: 2 }), []);
  const conflicts = tinyArchConflicts('roberta', { padTokenId: 0, positionOffset: 1 });
  assert.deepEqual(conflicts.map((c) => c.field).sort(), ['padTokenId', 'positionOffset']);
  await assert.rejects(
    ensureTinyModelDir('tiny:roberta@0', { padTokenId: 0 }, tmpdir()),
    (e: unknown) => e instanceof UserError && /tiny:roberta@0: the model's arch asks for padTokenId 0 \(generator writes 1\)/.test(e.message),
  );
  await assert.rejects(ensureTinyModelDir('./local', {}, tmpdir()), (e: unknown) => e instanceof UserError && /is not tiny:/.test(e.message));
});

test('a stop while the weights are drawn ends it within a chunk and writes nothing; the event loop runs meanwhile', async () => {
  const root = mkdtempSync(join(tmpdir(), 'reftbench-tinycache-stop-'));
  try {
    // ~25M parameters: seconds of drawing, which held the event loop until it ended
    const arch = { hiddenSize: 512, numLayers: 8, numHeads: 8, numKvHeads: 8, intermediateSize: 2048 };
    const controller = new AbortController();
    const reason = new Error('stopped');
    const lines: string[] = [];
    const started = performance.now();
    let stoppedAt = 0;
    setTimeout(() => {
      stoppedAt = performance.now();
      controller.abort(reason);
    }, 150);
    await assert.rejects(ensureTinyModelDir('tiny:bert@5', arch, root, { stop: controller.signal, log: (l) => lines.push(l) }), (e: unknown) => e === reason);
    const ended = performance.now();
    assert.ok(stoppedAt > 0 && stoppedAt - started < 1000, `the timer fired ${(stoppedAt - started).toFixed(0)} ms after the start (the drawing held the event loop)`);
    assert.ok(ended - stoppedAt < 500, `ended ${(ended - stoppedAt).toFixed(0)} ms after the stop`);
    assert.match(lines.join('\n'), /tiny:bert@5: drawing its 25,[0-9,]+ random weights \(10\d MB\)/);
    assert.deepEqual(readdirSync(root), [], 'nothing written');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
