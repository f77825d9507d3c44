// The compiled copy of the command (bin/compiled-cli.mjs): built once, reused while its sources are
// unchanged, rebuilt when one changes, never used when the sources do not compile; and the real
// command gives the same output through it as through tsx, chart worker included.
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { compiledCli } from '../../bin/compiled-cli.mjs';
import { REPO_ROOT } from '../../src/repo-root.ts';

// Inside the repository, so that the builder finds esbuild in its node_modules.
mkdirSync(join(REPO_ROOT, '.cache'), { recursive: true });
const scratch = mkdtempSync(join(REPO_ROOT, '.cache', 'compiled-cli-test-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const bin = join(REPO_ROOT, 'bin', 'reftbench.mjs');
const execFileAsync = promisify(execFile);
const run = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, args, { encoding: 'utf8', env: { ...process.env, ...env }, cwd: REPO_ROOT });

describe('compiledCli on a small source tree', () => {
  const root = join(scratch, 'tree');
  const cacheDir = join(root, 'cache');
  const entryPoints = { cli: 'src/cli.ts' };
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src', 'cli.ts'), "import { word } from './word.ts';\nconsole.log(`hello ${word satisfies string}`);\n");
  writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'one';\n");
  const build = () => compiledCli({ root, cacheDir, entryPoints });
  const output = (entry: string) => run([entry]).stdout.trim();

  test('builds once, then reuses the copy while the sources are unchanged', () => {
    const first = build();
    assert.ok(first.entry !== null, 'reason' in first ? first.reason : '');
    assert.equal(first.built, true);
    assert.equal(output(first.entry), 'hello one');
    const manifest = JSON.parse(readFileSync(join(cacheDir, 'current.json'), 'utf8')) as { inputs: string[] };
    assert.deepEqual(manifest.inputs, ['src/cli.ts', 'src/word.ts']);
    const second = build();
    assert.deepEqual(second, { entry: first.entry, built: false });
  });

  test('rebuilds when an imported file changes, and when the copy is gone', () => {
    const before = build();
    writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'two';\n");
    const after = build();
    assert.ok(after.entry !== null && after.built);
    assert.notEqual(after.entry, before.entry);
    assert.equal(output(after.entry), 'hello two');
    rmSync(join(after.entry, '..'), { recursive: true });
    const again = build();
    assert.ok(again.entry !== null && again.built);
    assert.equal(again.entry, after.entry, 'the same sources give the same folder');
  });

  test('sources that do not compile give no copy, and nothing half-written', () => {
    const good = build();
    writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'three\n");
    const bad = build();
    assert.equal(bad.entry, null);
    assert.match('reason' in bad ? bad.reason : '', /could not be built/);
    assert.deepEqual(
      readdirSync(cacheDir).filter((n) => n.startsWith('.')),
      [],
      'no temporary folder or manifest left behind',
    );
    writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'two';\n");
    assert.deepEqual(build(), { entry: good.entry, built: false });
  });

  test('processes that find the copy stale at the same time all get a working copy', async () => {
    writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'four';\n");
    const builder = join(REPO_ROOT, 'bin', 'compiled-cli.mjs');
    const script = `const { compiledCli } = await import(${JSON.stringify(pathToFileURL(builder).href)}); ` +
      `console.log(JSON.stringify(compiledCli({ root: ${JSON.stringify(root)}, cacheDir: ${JSON.stringify(cacheDir)}, entryPoints: ${JSON.stringify(entryPoints)} })));`;
    const runs = await Promise.all(
      Array.from({ length: 4 }, () => execFileAsync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })),
    );
    const entries = runs.map((r) => (JSON.parse(r.stdout) as { entry: string | null }).entry);
    assert.ok(entries.every((e) => e !== null && e === entries[0]), JSON.stringify(entries));
    assert.equal(output(entries[0]!), 'hello four');
    assert.deepEqual(build(), { entry: entries[0], built: false });
  });

  test('a copy in use is marked used; other copies go once unused for a week, at the next build', () => {
    const current = build();
    assert.ok(current.entry !== null);
    const folders = () => readdirSync(cacheDir).filter((n) => statSync(join(cacheDir, n)).isDirectory()).sort();
    const others = folders().filter((n) => join(cacheDir, n, 'cli.mjs') !== current.entry);
    assert.ok(others.length >= 2, 'copies for the earlier sources are still there');
    const [stale, recent] = others as [string, string];
    const days = (n: number) => new Date(Date.now() - n * 24 * 3600 * 1000);
    utimesSync(join(cacheDir, stale), days(8), days(8));
    utimesSync(join(cacheDir, recent), days(6), days(6));
    const currentDir = join(current.entry, '..');
    utimesSync(currentDir, days(30), days(30));
    assert.deepEqual(build(), { entry: current.entry, built: false });
    assert.ok(Date.now() - statSync(currentDir).mtimeMs < 60_000, 'running a copy marks it used');
    writeFileSync(join(root, 'src', 'word.ts'), "export const word: string = 'five';\n");
    assert.ok(build().entry !== null);
    assert.ok(!folders().includes(stale), 'unused for 8 days: removed');
    assert.ok(folders().includes(recent), 'unused for 6 days: kept');
    assert.ok(existsSync(current.entry), 'the copy used a moment ago: kept');
  });
});

describe('the real command', () => {
  test('bin/reftbench.mjs runs the compiled copy, with the same output as the sources through tsx', () => {
    const compiled = compiledCli();
    assert.ok(compiled.entry !== null, 'reason' in compiled ? compiled.reason : '');
    const logModules = join(REPO_ROOT, 'test', 'commands', 'support', 'log-entry-modules.mjs');
    const viaCopy = run(['--import', logModules, bin, 'help']);
    const viaSource = run(['--import', logModules, bin, 'help'], { REFTBENCH_FROM_SOURCE: '1' });
    assert.equal(viaCopy.status, 0, viaCopy.stderr);
    assert.equal(viaCopy.stdout, viaSource.stdout);
    assert.equal(viaCopy.stderr, `loaded file://${compiled.entry}\n`);
    assert.equal(viaSource.stderr, `loaded file://${join(REPO_ROOT, 'src', 'cli.ts')}\n`);
  });

  test('a report made by the compiled copy with its chart worker equals one made from the sources in one thread', () => {
    const results = join(REPO_ROOT, 'test', 'fixtures', 'results', 'fixture-mini');
    const viaCopy = join(scratch, 'report-copy');
    const viaSource = join(scratch, 'report-source');
    const a = run([bin, 'report', results, '--out', viaCopy], { REFTBENCH_CHARTS: 'worker' });
    const b = run([bin, 'report', results, '--out', viaSource], { REFTBENCH_CHARTS: 'thread', REFTBENCH_FROM_SOURCE: '1' });
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    const files = (dir: string): string[] => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => statSync(join(dir, f)).isFile()).sort();
    assert.deepEqual(files(viaCopy), files(viaSource));
    for (const f of files(viaCopy)) assert.ok(readFileSync(join(viaCopy, f)).equals(readFileSync(join(viaSource, f))), `${f} differs`);
  });

  test('a bad REFTBENCH_CHARTS is one message and exit 2', () => {
    const results = join(REPO_ROOT, 'test', 'fixtures', 'results', 'fixture-mini');
    const out = join(scratch, 'never');
    const r = run([bin, 'report', results, '--out', out], { REFTBENCH_CHARTS: 'gpu' });
    assert.equal(r.status, 2);
    assert.match(r.stderr, /REFTBENCH_CHARTS=gpu: expected worker .* or thread/);
    assert.throws(() => statSync(out));
  });
});
