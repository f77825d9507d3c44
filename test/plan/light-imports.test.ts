/**
 * Asking "does backend X run kind K" loads no backend: the planner's runtime imports (what a
 * bundler keeps of src/plan/build-plan.ts, type-only imports erased) reach each backend's capability
 * table only — no ort graph, ONNX, session or method-rewrite code, no onnxruntime, no torch adapter.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '../..');

/** Repository files and packages that loading `entry` pulls in at run time. */
async function runtimeClosure(entry: string): Promise<{ files: string[]; packages: string[] }> {
  const out = await build({
    entryPoints: [resolve(root, entry)], absWorkingDir: root, bundle: true, write: false, metafile: true,
    platform: 'node', format: 'esm', packages: 'external', logLevel: 'silent',
  });
  const inputs = Object.values(out.metafile.inputs);
  const packages = new Set(inputs.flatMap((i) => i.imports.filter((m) => m.external).map((m) => m.path)));
  return { files: Object.keys(out.metafile.inputs), packages: [...packages] };
}

const HEAVY = /^src\/backends\/(ort\/(?!method-kinds\.ts$)|torch\/|torch-backend\.ts$|registry\.ts$)/;

test('the planner reaches the backends through their capability tables only', async () => {
  const { files, packages } = await runtimeClosure('src/plan/build-plan.ts');
  assert.ok(files.includes('src/backends/ort/method-kinds.ts') && files.includes('src/backends/torch-method-table.ts'), files.join(', '));
  assert.deepEqual(files.filter((f) => HEAVY.test(f)), []);
  assert.deepEqual(packages.filter((p) => !p.startsWith('node:')).filter((p) => /onnxruntime|execa|protobufjs/.test(p)), []);
});

test('the ort method table, unlike its capability table, does pull in the graph code (the check above can fail)', async () => {
  const { files } = await runtimeClosure('src/backends/ort/method-table.ts');
  assert.ok(files.some((f) => f.startsWith('src/backends/ort/graph/')), files.join(', '));
  assert.deepEqual((await runtimeClosure('src/backends/method-support.ts')).files.filter((f) => HEAVY.test(f)), []);
});
