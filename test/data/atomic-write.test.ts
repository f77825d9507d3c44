/**
 * Writes that cannot tear (src/data/atomic-write.ts): a write that fails part-way — a disk that fills
 * up mid-write (injected, and on a real 64 KiB tmpfs where this machine allows mounting one) or a
 * read-only file system — leaves the previous file byte for byte and no temporary file behind, and
 * the error names the file that was not replaced. A direct write to the target fails these tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/data/atomic-write.ts';
import { failWritesUnder } from '../commands/support/failing-writes.ts';

const previous = `${JSON.stringify({ runId: 'r1', status: 'ok', score: 0.75 }, null, 2)}\n`;
const next = `${JSON.stringify({ runId: 'r1', status: 'ok', score: 0.5, padding: 'x'.repeat(4096) }, null, 2)}\n`;

function folderWithPrevious(): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-atomic-'));
  const file = join(dir, 'r1.json');
  writeFileSync(file, previous);
  return { dir, file };
}

for (const code of ['ENOSPC', 'EROFS'] as const) {
  test(`a write failing part-way (${code}) leaves the previous file intact and no temporary`, async () => {
    const { dir, file } = folderWithPrevious();
    const restore = failWritesUnder(dir, { code });
    try {
      await assert.rejects(writeFileAtomic(file, next), (error: NodeJS.ErrnoException) => error.code === code && error.path === file);
    } finally {
      restore();
    }
    assert.equal(readFileSync(file, 'utf8'), previous, 'the previous file, byte for byte');
    assert.deepEqual(readdirSync(dir), ['r1.json'], 'no temporary left');
    await writeFileAtomic(file, next); // and the next write, with room again, replaces it whole
    assert.equal(readFileSync(file, 'utf8'), next);
    assert.deepEqual(readdirSync(dir), ['r1.json']);
    rmSync(dir, { recursive: true, force: true });
  });
}

test('a new file that cannot be written completely is not created at all', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-atomic-'));
  const restore = failWritesUnder(dir, { code: 'ENOSPC' });
  try {
    await assert.rejects(writeFileAtomic(join(dir, 'sub', 'new.json'), next), { code: 'ENOSPC' });
  } finally {
    restore();
  }
  assert.deepEqual(readdirSync(join(dir, 'sub')), []);
  rmSync(dir, { recursive: true, force: true });
});

/** A 64 KiB tmpfs, when this process may mount one (root on Linux); undefined otherwise. */
function smallTmpfs(): string | undefined {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-fullfs-'));
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
  return dir;
}

const fullFs = smallTmpfs();
test('a real full file system: the previous file stays whole, no temporary left', { skip: fullFs === undefined && 'needs root and tmpfs (Linux) to mount a small file system' }, async (t) => {
  const dir = fullFs!;
  t.after(() => {
    spawnSync('umount', [dir]);
    rmSync(dir, { recursive: true, force: true });
  });
  const folder = join(dir, 'results');
  mkdirSync(folder);
  const file = join(folder, 'r1.json');
  await writeFileAtomic(file, previous);
  const huge = 'y'.repeat(256 * 1024); // four times the file system
  await assert.rejects(writeFileAtomic(file, huge), (error: NodeJS.ErrnoException) => error.code === 'ENOSPC' && error.path === file);
  assert.equal(readFileSync(file, 'utf8'), previous);
  assert.deepEqual(readdirSync(folder), ['r1.json']);
});
