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

/**
 * Whether a method's trainable parameters are base-model weights trained in place (full
 * fine-tuning, BitFit's biases) rather than new ones. peft's percentage counts new parameters in its
 * denominator, base weights only once. Held to each method's own count (`added`) by a test.
 */
export const trainsBaseWeightsOnly: Readonly<Record<MethodKind, boolean>> = {
  loreft: false,
  noreft: false,
  direft: false,
  nodireft: false,
  consreft: false,
  lobireft: false,
  lora: false,
  dora: false,
  bitfit: true,
  full: true,
  prompt: false,
  ia3: false,
  adapter: false,
  red: false,
  prefix: false,
  loha: false,
  lokr: false,
  vera: false,
  oft: false,
};
