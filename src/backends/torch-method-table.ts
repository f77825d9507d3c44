/**
 * The torch backend's method table: for every method kind, which part of the Python worker trains
 * it (src/backends/torch/reftbench_worker/methods.py dispatches on the same kinds), or `NOT_HERE`
 * for a kind the worker does not run. It imports nothing heavy, so it is also the torch backend's
 * capability table: the planner asks it whether `backend: torch` runs a kind. A kind missing here
 * does not compile; test/backends/torch-method-table.test.ts holds it to the worker's own lists.
 */
import type { MethodKind } from '../types/run-spec.ts';
import { NOT_HERE, type NotHere } from './not-here.ts';

/** The part of the worker that builds a kind. */
export type TorchWorkerPart =
  /** pyreft-style interventions on block outputs: reft.py, interventions.py (`REFT_KINDS`) */
  | 'reft'
  /** peft's own config for the kind: peft_methods.py (`PEFT_KINDS`) */
  | 'peft'
  /** written in the worker: simple_methods.py (bitfit, full fine-tuning, RED) */
  | 'by-hand';

export const torchMethods = {
  loreft: 'reft',
  noreft: 'reft',
  direft: 'reft',
  nodireft: 'reft',
  consreft: 'reft',
  lobireft: 'reft',
  lora: 'peft',
  dora: 'peft',
  bitfit: 'by-hand',
  full: 'by-hand',
  prompt: 'peft',
  ia3: 'peft',
  // The bottleneck adapter: peft has no config for it and the worker has no hand-written one.
  adapter: NOT_HERE,
  red: 'by-hand',
  prefix: 'peft',
  loha: 'peft',
  lokr: 'peft',
  vera: 'peft',
  oft: 'peft',
} as const satisfies Readonly<Record<MethodKind, TorchWorkerPart | NotHere>>;

/** Whether the torch worker runs `kind` (else only `backend: ort` does). */
export function runsOnTorch(kind: MethodKind): boolean {
  return torchMethods[kind] !== NOT_HERE;
}
