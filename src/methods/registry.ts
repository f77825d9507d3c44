/**
 * The method table: the only way the planner, the engine and the report reach a method. A kind
 * missing from the table is a compile error (`Record<MethodKind, MethodDef>`).
 */
import type { MethodDef, MethodKind } from './method-def.ts';
import { loreft } from './loreft.ts';
import { noreft } from './noreft.ts';
import { direft } from './direft.ts';
import { nodireft } from './nodireft.ts';
import { consreft } from './consreft.ts';
import { lobireft } from './lobireft.ts';
import { lora } from './lora.ts';
import { dora } from './dora.ts';
import { bitfit } from './bitfit.ts';
import { full } from './full.ts';
import { prompt } from './prompt.ts';
import { ia3 } from './ia3.ts';
import { adapter } from './adapter.ts';
import { red } from './red.ts';
import { prefix } from './prefix.ts';
import { loha } from './loha.ts';
import { lokr } from './lokr.ts';
import { vera } from './vera.ts';
import { oft } from './oft.ts';
import type { TorchOnlyKind } from './torch-only.ts';

export const methods: Readonly<Record<MethodKind, MethodDef>> = {
  loreft,
  noreft,
  direft,
  nodireft,
  consreft,
  lobireft,
  lora,
  dora,
  bitfit,
  full,
  prompt,
  ia3,
  adapter,
  red,
  prefix,
  loha,
  lokr,
  vera,
  oft,
};

export const methodKinds = Object.keys(methods) as MethodKind[];

/** A kind the `ort` engine implements. */
export type OrtMethodKind = Exclude<MethodKind, TorchOnlyKind>;

/** The kinds the `ort` engine implements (every kind but the torch-only peft ones). */
export const ortMethodKinds = methodKinds.filter((k): k is OrtMethodKind => methods[k].onOrt !== false);

/** Whether the `ort` engine implements `kind` (else only `backend: torch` runs it). */
export function runsOnOrt(kind: MethodKind): boolean {
  return methods[kind].onOrt !== false;
}

/** Whether the `torch` worker implements `kind` (else only `backend: ort` runs it). */
export function runsOnTorch(kind: MethodKind): boolean {
  return methods[kind].onTorch !== false;
}

export function methodDef(kind: MethodKind): MethodDef {
  return methods[kind];
}
