// The compiled copy of the `reftbench` command. Running the TypeScript sources through tsx costs
// every start a loader thread and a round trip to it for each of some two hundred modules (about
// 0.3 s for `help`, about 0.5 s for a small report); one esbuild bundle of the same sources starts
// in about 0.1 s. The bundle lives in .cache/cli/<hash>/, where <hash> covers the content of every
// source file it was built from, and .cache/cli/current.json lists those files: each start hashes
// them again (a few milliseconds) and rebuilds when one changed, so the copy never runs stale code.
// Anything that stops a build (no esbuild, a read-only checkout, sources that do not compile)
// makes bin/reftbench.mjs run the sources through tsx instead, which then reports the problem.
//
// The output keeps the source layout's file names where code looks files up by name: the chart
// worker is started as ./render-worker-entry.mjs, the PNG worker as ./png-worker.mjs and the ort
// engine's child process as ./ort-child-entry.mjs, relative to the module that starts them, so they
// are entry points of the bundle under those names (the source-tree entries register tsx, which the
// bundle does not need), and every
// output file ends in .mjs. Files read at run time (schemas/, package.json) are found from the
// repository root (src/repo-root.ts), which works from either place.
//
//   node bin/compiled-cli.mjs     builds the copy now if it is missing or stale (npm run setup does this)
import { createHash } from 'node:crypto';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is bin/compiled-cli.mjs). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Output name → source file (relative to the root). */
export const ENTRY_POINTS = {
  cli: 'src/cli.ts',
  'render-worker-entry': 'src/report/charts/render-worker.ts',
  'png-worker': 'src/report/charts/png-worker.mjs',
  'ort-child-entry': 'src/backends/ort/run-child.ts',
};

/**
 * Packages bundled into the copy instead of being imported from node_modules at run time: vega and
 * vega-lite are some 270 modules, which load in about 0.27 s as files and in about 0.09 s as one
 * chunk with what the charts do not use left out. Every other package stays external.
 */
const BUNDLED_PACKAGES = ['vega', 'vega-lite'];

/** The package manifest and npm's record of the installed packages: part of the hash, so that upgrading a bundled package rebuilds the copy. */
const PACKAGE_FILES = ['package.json', 'node_modules/.package-lock.json'];

/** Raised when the build options below change, so that older copies are not reused. */
const FORMAT = 3;

/**
 * A copy that is no longer current is removed once it has gone unused this long. Each start that
 * runs a copy marks it used (its folder's modification time), and a run loads chunks from its copy
 * until it ends (vega's only when the charts are drawn), so this outlasts any single run.
 */
const KEEP_UNUSED_MS = 7 * 24 * 3600 * 1000;

/**
 * The compiled command's entry file, built first when missing or stale; or, when it cannot be
 * built, `entry: null` and the reason.
 * @param {{ root?: string, cacheDir?: string, entryPoints?: Record<string, string> }} [options]
 * @returns {{ entry: string, built: boolean } | { entry: null, reason: string }}
 */
export function compiledCli(options = {}) {
  const root = options.root ?? ROOT;
  const cacheDir = options.cacheDir ?? join(root, '.cache', 'cli');
  const entryPoints = options.entryPoints ?? ENTRY_POINTS;
  const current = readManifest(cacheDir);
  if (current && sameEntries(current.entryPoints, entryPoints)) {
    const hash = hashInputs(root, current.inputs, entryPoints);
    const entry = join(cacheDir, current.hash, 'cli.mjs');
    if (hash === current.hash && existsSync(entry)) {
      markUsed(join(cacheDir, current.hash));
      return { entry, built: false };
    }
  }
  return build(root, cacheDir, entryPoints);
}

/** @returns {{ hash: string, inputs: string[], entryPoints: Record<string, string> } | null} */
function readManifest(cacheDir) {
  try {
    const m = JSON.parse(readFileSync(join(cacheDir, 'current.json'), 'utf8'));
    return m.format === FORMAT && typeof m.hash === 'string' && Array.isArray(m.inputs) ? m : null;
  } catch {
    return null;
  }
}

function sameEntries(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Hash of the build format, the entry points and every input file's path and content; null when one is missing. */
function hashInputs(root, inputs, entryPoints) {
  const hash = createHash('sha256').update(`reftbench compiled cli ${FORMAT}\0${JSON.stringify(entryPoints)}\0`);
  for (const input of inputs) {
    let content;
    try {
      content = readFileSync(join(root, input));
    } catch {
      return null;
    }
    hash.update(`${input}\0`).update(content).update('\0');
  }
  return hash.digest('hex').slice(0, 20);
}

function build(root, cacheDir, entryPoints) {
  let esbuild;
  try {
    esbuild = createRequire(join(root, 'package.json'))('esbuild');
  } catch {
    return { entry: null, reason: 'esbuild is not installed (npm run setup)' };
  }
  const tmp = join(cacheDir, `.tmp-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(cacheDir, { recursive: true });
    accessSync(cacheDir, constants.W_OK); // a read-only checkout: fail before spending time on a build
    const built = esbuild.buildSync({
      absWorkingDir: root,
      entryPoints,
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      ...externals(root),
      sourcemap: 'linked',
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(built.metafile.inputs)
      .filter((p) => !p.startsWith('node_modules/'))
      .concat(PACKAGE_FILES.filter((f) => existsSync(join(root, f))))
      .sort();
    const hash = hashInputs(root, inputs, entryPoints);
    if (hash === null) throw new Error('a source file vanished during the build');
    const final = join(cacheDir, hash);
    // Another process may have built the same sources meanwhile (even between the check and the
    // rename): its copy is as good as this one.
    if (!existsSync(final)) {
      try {
        renameSync(tmp, final);
      } catch (error) {
        if (!existsSync(join(final, 'cli.mjs'))) throw error;
      }
    }
    rmSync(tmp, { recursive: true, force: true });
    const manifest = join(cacheDir, `.current-${process.pid}.json`);
    writeFileSync(manifest, `${JSON.stringify({ format: FORMAT, hash, entryPoints, inputs }, null, 1)}\n`);
    renameSync(manifest, join(cacheDir, 'current.json'));
    prune(cacheDir, hash);
    return { entry: join(final, 'cli.mjs'), built: true };
  } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { entry: null, reason: `the compiled copy could not be built: ${message}` };
  }
}

/** esbuild's externals: every package the project depends on but BUNDLED_PACKAGES (all packages when there is no package.json). */
function externals(root) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  } catch {
    return { packages: 'external' };
  }
  const names = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies });
  return { external: names.filter((name) => !BUNDLED_PACKAGES.includes(name)) };
}

/** Records that a copy is in use (see KEEP_UNUSED_MS); a read-only checkout simply keeps its copies. */
function markUsed(dir) {
  try {
    const now = new Date();
    utimesSync(dir, now, now);
  } catch {
    // not ours to touch: nothing is pruned there either
  }
}

/** Removes other copies, and leftover temporary folders, that have gone unused for KEEP_UNUSED_MS. */
function prune(cacheDir, keep) {
  const now = Date.now();
  for (const name of readdirSync(cacheDir)) {
    if (name === keep || name === 'current.json') continue;
    const path = join(cacheDir, name);
    try {
      if (now - statSync(path).mtimeMs > KEEP_UNUSED_MS) rmSync(path, { recursive: true, force: true });
    } catch {
      // removed by another process meanwhile
    }
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const result = compiledCli();
  if (result.entry === null) {
    process.stderr.write(`reftbench: ${result.reason}; the command will run the TypeScript sources through tsx\n`);
    process.exitCode = 1;
  } else {
    const took = ((performance.now() - started) / 1000).toFixed(2);
    process.stdout.write(`compiled command ${result.built ? `built in ${took} s` : 'up to date'}: ${result.entry}\n`);
  }
}
