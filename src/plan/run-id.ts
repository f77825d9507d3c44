/**
 * Run ids: `<method id>-<16 hex digits>`, the sha256 of the canonical resolved spec (everything but
 * the id) plus the method's version, so a changed spec or changed method math never reuses a result.
 * The parts shared by every run of a model × task are canonicalised separately, so the planner can
 * compute them once per cell; `runIdFor` gives the same id from a whole spec.
 */
import { createHash } from 'node:crypto';
import type { RunSpec } from '../types/run-spec.ts';
import { canonicalJson } from './canonical-json.ts';

export type SpecWithoutId = Omit<RunSpec, 'runId'>;

/** Canonical text of the parts of a spec shared by a model × task cell. */
export function sharedSpecKey(spec: Pick<RunSpec, 'suite' | 'model' | 'task' | 'backend'>): string {
  return canonicalJson({ suite: spec.suite, model: spec.model, task: spec.task, backend: spec.backend });
}

/** The id from a precomputed `sharedSpecKey` of the same spec. */
export function runIdWithShared(shared: string, spec: SpecWithoutId, methodVersion: number): string {
  const { suite: _suite, model: _model, task: _task, backend: _backend, ...own } = spec;
  const digest = createHash('sha256').update(shared).update('\u0000').update(canonicalJson({ own, methodVersion })).digest('hex').slice(0, 16);
  return `${spec.method.id}-${digest}`;
}

/** The id of a spec (whatever its runId field holds). */
export function runIdFor(spec: SpecWithoutId | RunSpec, methodVersion: number): string {
  const { runId: _ignored, ...rest } = spec as RunSpec;
  return runIdWithShared(sharedSpecKey(rest), rest, methodVersion);
}
