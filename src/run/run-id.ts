/**
 * Run ids: a readable prefix (model, task, method, trial or seed) and a content hash of the resolved
 * run spec plus the method and engine versions (DESIGN.md). The suite file's hash and the local
 * paths of the data folders are left out — the folders are named by their own content keys, which
 * are hashed instead — so editing an unrelated part of the suite, or moving the cache, reuses results.
 */
import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { RunSpec } from '../types/run-spec.ts';

/** JSON with object keys sorted at every level, so equal values hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface RunIdVersions {
  method: string;
  engine: string;
}

/** The run id of `spec` (its own `runId` field is ignored). */
export function computeRunId(spec: RunSpec, versions: RunIdVersions): string {
  const { runId: _ignored, suite, data, ...rest } = spec;
  const content = {
    ...rest,
    suite: suite.name,
    data: data === undefined ? undefined : { train: basename(data.train), dev: basename(data.dev), test: data.test === undefined ? undefined : basename(data.test) },
    versions,
  };
  const hash = createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 12);
  const which = spec.phase === 'trial' ? `trial${spec.trial}` : `seed${spec.seed}`;
  return `${spec.model.id}.${spec.task.id}.${spec.method.id}.${which}.${hash}`;
}
