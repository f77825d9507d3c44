/** `reftbench report` through the CLI entry: exit codes, messages, atomic output. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli.ts';
import { reportMessages } from '../../src/messages/index.ts';

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
      [['report', 'x', '--resamples', '10'], /--resamples 10: expected an integer from 100 to 100000/],
      [['report', 'x', '--resamples', '100001'], /--resamples 100001: expected an integer from 100 to 100000/],
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
    writeFileSync(join(out, 'charts', 'retired-chart.svg'), '<svg/>'); // a chart an older version drew
    writeFileSync(join(out, '.DS_Store'), 'Finder was here');
    writeFileSync(join(out, 'charts', '.DS_Store'), 'Finder was here');
    assert.equal(await main(['report', 'test/fixtures/results/fixture-mini', '--out', out, '--resamples', '200'], t.io), 0);
    assert.equal(existsSync(join(out, 'charts', 'retired-chart.svg')), false);
    assert.deepEqual(readdirSync(join(dir, 'reports')), ['fixture-mini']);
    assert.match(t.out.join('\n'), /report written to .*fixture-mini \(30 files\); open .*index\.html or read .*README\.md/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Runs `reftbench report` on the fixture results with `--out out`; exit code and messages. */
async function reportTo(out: string, cwd = process.cwd()) {
  const t = io(cwd);
  const code = await main(['report', join(process.cwd(), 'test/fixtures/results/fixture-mini'), '--out', out, '--resamples', '200'], t.io);
  return { code, err: t.err.join('\n'), out: t.out.join('\n') };
}

/** Every file below `dir` with its content, to show that a refused report touched nothing. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (statSync(path).isFile()) files.set(name, readFileSync(path, 'utf8'));
  }
  return files;
}

test('an --out folder holding anything but a report (results, a user file) is refused before any work: exit 2, nothing touched', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-report-out-'));
  try {
    const results = join(dir, 'results', 'mine');
    cpSync('test/fixtures/results/fixture-mini', results, { recursive: true });
    writeFileSync(join(dir, 'keep.txt'), 'a note of mine');
    mkdirSync(join(dir, 'notes', 'charts'), { recursive: true });
    writeFileSync(join(dir, 'notes', 'charts', 'sketch.txt'), 'not a chart file');
    const before = snapshot(dir);
    const cases: [string, RegExp][] = [
      [results, /the output folder .*mine holds .*mine\/.*\.json, which is not part of a report\. .*give another --out/],
      [join(dir, 'results'), /holds .*results\/mine, which is not part of a report/],
      [dir, /holds .*keep\.txt, which is not part of a report/],
      [join(dir, 'notes'), /holds .*notes\/charts\/sketch\.txt, which is not part of a report/],
    ];
    for (const [out, message] of cases) {
      const r = await reportTo(out);
      assert.equal(r.code, 2, out);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    }
    const r = await reportTo('.', dir);
    assert.equal(r.code, 2, '--out . in a folder with files');
    assert.deepEqual(snapshot(dir), before, 'every file as it was');
    assert.deepEqual(readdirSync(dir).sort(), ['keep.txt', 'notes', 'results'], 'no temporary folders');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an --out whose parent is a file: exit 2 with one message, not a stack trace', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-report-out-'));
  try {
    writeFileSync(join(dir, 'file'), 'x');
    const r = await reportTo(join(dir, 'file', 'sub'));
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot create the output folder .*file\/sub: its parent .*file cannot be made a folder \((ENOTDIR|EEXIST)\)/);
    assert.deepEqual(readdirSync(dir), ['file']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an empty --out folder is used; the closing line names only the files written', { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-report-out-'));
  try {
    const r = await reportTo(dir);
    assert.equal(r.code, 0, r.err);
    assert.ok(existsSync(join(dir, 'report.json')));
    assert.equal(reportMessages.written('/r', 2, ['README.md', 'report.json']), 'report written to /r (2 files); read /r/README.md');
    assert.equal(reportMessages.written('/r', 1, ['report.json']), 'report written to /r (1 file)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a report killed mid-write leaves temporary folders; the next report of that folder removes them", { timeout: 120000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-report-out-'));
  try {
    const dead = spawnSync(process.execPath, ['-e', '0']).pid!;
    mkdirSync(join(dir, `.rep.tmp-${dead}-1`));
    mkdirSync(join(dir, `.rep.old-${dead}-1`));
    writeFileSync(join(dir, `.rep.old-${dead}-1`, 'report.json'), '{}');
    const first = await reportTo(join(dir, 'rep'));
    assert.equal(first.code, 0, first.err);
    // No report stood in place of the one moved aside, so it is kept; its temporary folder is not.
    assert.deepEqual(readdirSync(dir).sort(), [`.rep.old-${dead}-1`, 'rep']);
    assert.equal((await reportTo(join(dir, 'rep'))).code, 0);
    assert.deepEqual(readdirSync(dir), ['rep']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
