/**
 * The harness's version (package.json) and git commit (when the checkout is a git repository):
 * recorded in every result and printed by `reftbench --version`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { REPO_ROOT, repoPath } from './repo-root.ts';

export interface HarnessVersion {
  version: string;
  commit: string | null;
}

let harness: HarnessVersion | undefined;

export function harnessVersion(): HarnessVersion {
  if (harness === undefined) {
    let version = 'unknown';
    try {
      version = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string }).version;
    } catch {
      // no package.json beside the sources
    }
    let commit: string | null = null;
    try {
      commit = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 }).toString().trim() || null;
    } catch {
      // not a git checkout
    }
    harness = { version, commit };
  }
  return harness;
}
