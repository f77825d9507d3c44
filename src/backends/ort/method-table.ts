/**
 * The `ort` engine's method table: for every method kind, the function that turns its resolved
 * hyperparameters into an `EngineMethod` (which base weights train, the method's parameters with
 * their seeded initialisation, its graph rewrite; methods/<kind>.ts), or `NOT_HERE` for a kind
 * the engine does not run. Typed by the capability table method-kinds.ts: a kind missing here, an
 * implementation for a kind marked `NOT_HERE` there, or `NOT_HERE` for a kind marked as running,
 * does not compile. The backend-free facts of each kind (formula, counts, FLOPs) are src/methods/.
 */
import type { ArchConfig } from '../../models/arch.ts';
import type { MethodKind, ResolvedHparams } from '../../types/run-spec.ts';
import { NOT_HERE, type NotHere } from '../not-here.ts';
import type { OrtMethodKind } from './method-kinds.ts';
import type { EngineMethod } from './methods/method.ts';
import { adapterEngine } from './methods/adapter.ts';
import { bitfitEngine } from './methods/bitfit.ts';
import { doraEngine } from './methods/dora.ts';
import { fullFineTuning } from './methods/full.ts';
import { ia3Engine } from './methods/ia3.ts';
import { loraEngine } from './methods/lora.ts';
import { promptEngine } from './methods/prompt.ts';
import { redEngine } from './methods/red.ts';
import { reftEngine } from './methods/reft.ts';

/** A kind's implementation on the `ort` engine. */
export type OrtMethodBuilder = (h: ResolvedHparams, arch: ArchConfig) => EngineMethod;

export type OrtMethodTable = { readonly [K in MethodKind]: K extends OrtMethodKind ? OrtMethodBuilder : NotHere };

export const ortMethods: OrtMethodTable = {
  loreft: (h, arch) => reftEngine('loreft', h, arch),
  noreft: (h, arch) => reftEngine('noreft', h, arch),
  direft: (h, arch) => reftEngine('direft', h, arch),
  nodireft: (h, arch) => reftEngine('nodireft', h, arch),
  consreft: (h, arch) => reftEngine('consreft', h, arch),
  lobireft: (h, arch) => reftEngine('lobireft', h, arch),
  lora: loraEngine,
  dora: doraEngine,
  bitfit: () => bitfitEngine,
  full: () => fullFineTuning,
  prompt: promptEngine,
  ia3: ia3Engine,
  adapter: adapterEngine,
  red: redEngine,
  prefix: NOT_HERE,
  loha: NOT_HERE,
  lokr: NOT_HERE,
  vera: NOT_HERE,
  oft: NOT_HERE,
};

/**
 * `kind` on the `ort` engine for hyperparameters `h`. A kind the engine does not run is refused by
 * name; the planner and the backend (spec-options.ts) refuse such a kind with a user message before
 * any run reaches this, so reaching it is a bug.
 */
export function ortEngine(kind: MethodKind, h: ResolvedHparams, arch: ArchConfig): EngineMethod {
  const entry: OrtMethodBuilder | NotHere = ortMethods[kind];
  if (typeof entry !== 'function') {
    throw new Error(`internal: the ort engine does not implement "${kind}"; the planner and the ort backend must refuse it before building a graph`);
  }
  return entry(h, arch);
}
