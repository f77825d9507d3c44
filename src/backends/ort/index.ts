/**
 * The `ort` engine's public API (see README.md in this folder): build a model graph under a
 * method, train it step by step with AdamW, evaluate it, and read gradients and FLOPs.
 * The runner reaches it through `backend.ts` (RunSpec + tokenized splits → Engine).
 */
export { Engine, ENGINE_DEFAULTS, type Batch, type EngineConfig, type EngineModel, type StepResult } from './engine.ts';
export type { BuildContext, EngineMethod, LinearSite, MethodHooks } from './methods/method.ts';
export { fullFineTuning } from './methods/full.ts';
export { linearProbe } from './methods/linear-probe.ts';
export type { TaskSpec } from './models/task.ts';
export { IGNORE_LABEL } from './models/decoder.ts';
export type { GraphFlops } from './graph/flops.ts';
export type { ThreadOptions } from './exec/session.ts';
export { Rng } from './train/prng.ts';
