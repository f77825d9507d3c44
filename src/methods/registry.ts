/**
 * The method table: the only way the planner, the backends and the report reach what a method is
 * (formula, hyperparameters, counts, FLOPs). A kind missing from the table is a compile error
 * (`Record<MethodKind, MethodDef>`). Which backend runs a kind, and how, is each backend's own table.
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

export function methodDef(kind: MethodKind): MethodDef {
  return methods[kind];
}
