/**
 * The one source of run ids (DESIGN.md: a content hash of the resolved run spec plus the method and
 * engine versions). The planner computes them for `reftbench plan`, the runner names result files
 * with them (`results/<suite>/<run-id>.json`), and final runs get theirs from `finalSpecFor`, so the
 * ids the plan shows are exactly the file names the runner writes.
 *
 *   <model id>.<task id>.<method id>.<trial<i> | seed<s>>.<12 hex digits>
 *
 * Hashed: the spec without its id, with the suite by name only (editing an unrelated part of the
 * suite reuses results), the model source as the suite writes it (a local model directory relative
 * to the suite file, so the same suite gives the same ids in any checkout; the weights behind it
 * are not hashed, so replacing them in place needs a new model id or source), without `data` (the local paths of the tokenized folders, which the runner
 * adds; the data's identity is the spec's `task.dataKey`, see `dataKeyOf`), without
 * `training.steps` under a seconds rule (the wall-clock budget, not a step count, ends such a run)
 * or a tokens, FLOPs, epochs or matched budget (the data decides the steps; the declared budget is
 * hashed), and without the planner's per-step token and FLOPs figures (the data's too) —
 * plus the method version (`kind@version`) and the engine version of the backend that runs it.
 */
import { createHash } from 'node:crypto';
import { engineVersionOf } from '../backends/engine-versions.ts';
import { methods } from '../methods/registry.ts';
import type { MethodKind } from '../methods/method-def.ts';
import type { RunSpec } from '../types/run-spec.ts';
import type { SuiteTask } from '../types/suite.ts';
import { canonicalJson } from './canonical-json.ts';

export type SpecWithoutId = Omit<RunSpec, 'runId'>;

/** The versions a run id depends on besides the spec. */
export interface RunIdVersions {
  /** `kind@version` of the method implementation (see `methodVersionOf`). */
  method: string;
  /** The backend's engine version (src/backends/engine-versions.ts). */
  engine: string;
}

/** Version of a method implementation as run ids and results record it. */
export function methodVersionOf(kind: MethodKind): string {
  return `${kind}@${methods[kind].version}`;
}

/** The versions of the method and of the engine of the backend named in the spec. */
export function versionsOf(spec: Pick<RunSpec, 'method' | 'backend' | 'task'>): RunIdVersions {
  return { method: methodVersionOf(spec.method.kind), engine: engineVersionOf(spec.backend.name, spec.task.type, spec.method.kind) };
}

/**
 * The identity of a task's data as the suite declares it (source, split protocol, declared example
 * counts, maxLength), computed without reading any data: the run spec's `task.dataKey`.
 */
export function dataKeyOf(task: Pick<SuiteTask, 'source' | 'split' | 'maxLength' | 'examples'>): string {
  const identity = { source: task.source, split: task.split, examples: task.examples, maxLength: task.maxLength };
  return createHash('sha256').update(canonicalJson(identity)).digest('hex').slice(0, 16);
}

/** Canonical text of the parts of a spec shared by a model × task cell (computed once per cell by the planner). */
export function sharedSpecKey(spec: Pick<RunSpec, 'suite' | 'model' | 'task' | 'backend'>): string {
  return canonicalJson({ suite: spec.suite.name, model: spec.model, task: spec.task, backend: spec.backend });
}

/** The id of `spec` from a precomputed `sharedSpecKey` of the same spec (its own `runId` is ignored). */
export function runIdWithShared(shared: string, spec: SpecWithoutId | RunSpec, versions: RunIdVersions = versionsOf(spec)): string {
  const { runId: _id, suite: _suite, model, task, backend: _backend, data: _data, accounting, ...own } = spec as RunSpec;
  const training = own.training.secondsBudget === undefined && !stepsFromData(accounting) ? own.training : { ...own.training, steps: undefined };
  const digest = createHash('sha256')
    .update(shared)
    .update('\u0000')
    .update(canonicalJson({ own: { ...own, training, ...(accounting === undefined ? {} : { accounting: declaredAccounting(accounting) }) }, versions }))
    .digest('hex')
    .slice(0, 12);
  const which = spec.phase === 'trial' ? `trial${spec.trial}` : `seed${spec.seed}`;
  return `${model.id}.${task.id}.${spec.method.id}.${which}.${digest}`;
}

/**
 * True when a run's steps come from its data as well as the suite: under a tokens, FLOPs or epochs
 * budget (the real tokens or the number of training examples decide them). Such steps are not
 * hashed — the data's identity is the task's dataKey, and the runner reruns a result whose data
 * files changed under the same id — while the budget as the suite declares it is.
 */
function stepsFromData(accounting: RunSpec['accounting']): boolean {
  const rule = accounting?.budget?.rule;
  return rule === 'tokens' || rule === 'flops' || rule === 'epochs' || accounting?.budget?.match !== undefined;
}

/** The planner's accounting without what the data decides: per-step tokens and FLOPs, and a matched budget's amount. */
function declaredAccounting(a: NonNullable<RunSpec['accounting']>): Record<string, unknown> {
  const { flopsPerStep: _flops, tokensPerStep: _tokens, budget, ...counts } = a;
  if (budget === undefined) return counts;
  return { ...counts, budget: budget.match === undefined ? { rule: budget.rule, amount: budget.amount } : { rule: budget.rule, match: budget.match } };
}

/** The id of `spec` (whatever its `runId` field holds); `versions` defaults to those of its method and backend. */
export function runIdOf(spec: SpecWithoutId | RunSpec, versions: RunIdVersions = versionsOf(spec)): string {
  return runIdWithShared(sharedSpecKey(spec), spec, versions);
}
