/**
 * Which methods are ReFT (representation interventions, the family under study) and which are the
 * weight-based baselines they are compared against. RED edits representations too, but it is the
 * ReFT paper's baseline, so it is a baseline here.
 */
import type { MethodKind } from '../types/run-spec.ts';

export type MethodFamily = 'reft' | 'baseline';

export const methodFamily: Readonly<Record<MethodKind, MethodFamily>> = {
  loreft: 'reft',
  noreft: 'reft',
  direft: 'reft',
  nodireft: 'reft',
  consreft: 'reft',
  lobireft: 'reft',
  lora: 'baseline',
  dora: 'baseline',
  bitfit: 'baseline',
  full: 'baseline',
  prompt: 'baseline',
  ia3: 'baseline',
  adapter: 'baseline',
  red: 'baseline',
  prefix: 'baseline',
  loha: 'baseline',
  lokr: 'baseline',
  vera: 'baseline',
  oft: 'baseline',
};
