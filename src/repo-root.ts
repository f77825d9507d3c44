/**
 * The repository root (where package.json, schemas/ and .venv/ live), found by walking up from this
 * module's own place to the package.json named "reftbench". Walking up, rather than a fixed "../..",
 * keeps it right both for the TypeScript sources (src/repo-root.ts) and for the compiled copy of the
 * command (.cache/cli/<hash>/*.mjs, see bin/compiled-cli.mjs), whose modules all sit in one folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRepoRoot(start: string): string {
  for (let dir = start; ; ) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'reftbench') return dir;
      } catch {
        // an unreadable package.json is not ours: keep walking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`reftbench: no package.json named "reftbench" above ${start}`);
    dir = parent;
  }
}

/** Absolute path of the repository root. */
export const REPO_ROOT = findRepoRoot(dirname(fileURLToPath(import.meta.url)));

/** An absolute path inside the repository, e.g. repoPath('schemas', 'suite.schema.json'). */
export function repoPath(...parts: string[]): string {
  return join(REPO_ROOT, ...parts);
}
