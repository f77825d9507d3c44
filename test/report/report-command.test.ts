/** `reftbench report` through the CLI entry: exit codes, messages, atomic output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';

function io(cwd: string) {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => void out.push(t), err: (t: string) => void err.push(t), cwd, env: process.env } };
}

test('bad options and a bad directory exit with code 2 and write nothing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-report-cmd-'));
  try {
    const cases: [string[], RegExp][] = [
      [['report'], /needs a results directory/],
      [['report', 'nowhere'], /nowhere does not exist/],
      [['report', 'x', '--correction', 'bonferroni'], /--correction bonferroni: expected holm or bh/],
      [['report', 'x', '--resamples', '10'], /--resamples 10: expected an integer ≥ 100/],
      [['report', 'x', '--frobnicate'], /unknown option --frobnicate/],
    ];
    for (const [args, message] of cases) {
      const t = io(dir);
      assert.equal(await main(args, t.io), 2, args.join(' '));
      assert.match(t.err.join('\n'), message);
    }
    writeFileSync(join(dir, 'broken.json'), '{');
    const t = io(dir);
    assert.equal(await main(['report', '.', '--out', 'out'], t.io), 2);
    assert.match(t.err.join('\n'), /broken\.json: not valid JSON/);
    assert.deepEqual(readdirSync(dir), ['broken.json'], 'nothing half-written');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('report replaces an existing output folder as a whole and leaves no temporary folders', { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-report-cmd-'));
  try {
    const out = join(dir, 'reports', 'fixture-mini');
    const t = io(process.cwd());
    assert.equal(await main(['report', 'test/fixtures/results/fixture-mini', '--out', out, '--resamples', '200'], t.io), 0);
    writeFileSync(join(out, 'stale.txt'), 'from an older report');
    assert.equal(await main(['report', 'test/fixtures/results/fixture-mini', '--out', out, '--resamples', '200'], t.io), 0);
    assert.equal(existsSync(join(out, 'stale.txt')), false);
    assert.deepEqual(readdirSync(join(dir, 'reports')), ['fixture-mini']);
    assert.match(t.out.join('\n'), /report written to .*fixture-mini \(24 files\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
