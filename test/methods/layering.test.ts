/**
 * Method definitions depend on nothing below them: no file under src/methods/ imports anything
 * from src/backends/ (type-only imports included). Each backend keeps its own table of
 * implementations and imports src/methods/, never the other way round.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '../..');

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return tsFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module a file imports or re-exports, statically or dynamically, type-only included, as repository paths (packages as written). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => (f.fileName.startsWith('.') ? relative(root, resolve(dirname(file), f.fileName)) : f.fileName));
}

test('the import scan sees static, type-only, re-exported and dynamic imports', () => {
  const seen = importsOf(join(root, 'src/backends/ort/method-table.ts'));
  assert.ok(seen.includes('src/backends/ort/methods/reft.ts'), seen.join(', '));
  assert.ok(seen.includes('src/backends/ort/methods/method.ts'), 'a type-only import is seen');
  assert.ok(importsOf(join(root, 'src/backends/method-support.ts')).includes('src/backends/ort/method-kinds.ts'), 'a re-export is seen');
  assert.ok(importsOf(join(root, 'src/backends/registry.ts')).includes('src/backends/torch-backend.ts'), 'a dynamic import is seen');
});

test('src/methods/** imports nothing from src/backends/**', () => {
  const files = tsFiles(join(root, 'src/methods'));
  assert.ok(files.length >= 19, 'every method file is scanned');
  const offending = files.flatMap((file) => importsOf(file).filter((m) => m.startsWith('src/backends/')).map((m) => `${relative(root, file)} → ${m}`));
  assert.deepEqual(offending, []);
});
