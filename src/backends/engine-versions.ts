/**
 * The engine version of each backend, known without opening the backend: the planner hashes it into
 * every run id (src/plan/run-id.ts) and each backend reports the same string in its results, so a
 * result of another engine version is never reused. Bump a backend's version when it changes how
 * runs are trained or evaluated.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { BackendName } from './backend.ts';

/** The `ort` adapter's own version (2: evaluates in evalBatchSize batches and scores causal-LM tasks). */
export const ORT_BACKEND_VERSION = 'ort-2';
/** The torch adapter's own version. */
export const TORCH_BACKEND_VERSION = 'torch-1';

/** Installed version of an npm package ('unknown' when it cannot be found). */
export function packageVersion(name: string): string {
  try {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve(name));
    for (let i = 0; i < 4; i++) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name && pkg.version) return pkg.version;
      } catch {
        // not this folder: go up
      }
      dir = dirname(dir);
    }
  } catch {
    // not installed
  }
  return 'unknown';
}

const known = new Map<BackendName, string>();

/** The engine version `name` reports (`ort-1+onnxruntime-node@1.30.0`, `torch-1`). */
export function engineVersionOf(name: BackendName): string {
  let version = known.get(name);
  if (version === undefined) {
    version = name === 'ort' ? `${ORT_BACKEND_VERSION}+onnxruntime-node@${packageVersion('onnxruntime-node')}` : TORCH_BACKEND_VERSION;
    known.set(name, version);
  }
  return version;
}
