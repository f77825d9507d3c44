/**
 * Which method kinds the `ort` engine runs: its capability table, with no graph code behind it, so
 * that the planner can ask without loading the engine. method-table.ts holds the implementations and
 * is typed by this table: a kind marked here as running needs a graph rewrite there, and a kind that
 * is `NOT_HERE` here is `NOT_HERE` there too (the peft kinds only the torch worker runs).
 */
import type { MethodKind } from '../../types/run-spec.ts';
import { NOT_HERE, type NotHere } from '../not-here.ts';

export const ortRuns = {
  loreft: true,
  noreft: true,
  direft: true,
  nodireft: true,
  consreft: true,
  lobireft: true,
  lora: true,
  dora: true,
  bitfit: true,
  full: true,
  prompt: true,
  ia3: true,
  adapter: true,
  red: true,
  // peft's prefix tuning, LoHa, LoKr, VeRA and OFT: only the torch worker runs them.
  prefix: NOT_HERE,
  loha: NOT_HERE,
  lokr: NOT_HERE,
  vera: NOT_HERE,
  oft: NOT_HERE,
} as const satisfies Readonly<Record<MethodKind, true | NotHere>>;

/** A kind the `ort` engine runs. */
export type OrtMethodKind = { [K in MethodKind]: (typeof ortRuns)[K] extends true ? K : never }[MethodKind];
/** A kind only the torch worker runs. */
export type TorchOnlyKind = Exclude<MethodKind, OrtMethodKind>;

/** Whether the `ort` engine runs `kind` (else only `backend: torch` does). */
export function runsOnOrt(kind: MethodKind): kind is OrtMethodKind {
  return ortRuns[kind] === true;
}

const kinds = Object.keys(ortRuns) as MethodKind[];

/** The kinds the `ort` engine runs, in table order. */
export const ortMethodKinds: readonly OrtMethodKind[] = kinds.filter(runsOnOrt);

/** The kinds only the torch worker runs, in table order. */
export const torchOnlyKinds: readonly TorchOnlyKind[] = kinds.filter((k): k is TorchOnlyKind => !runsOnOrt(k));
