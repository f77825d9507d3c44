/**
 * Reading resolved hyperparameters inside a method. The planner fills every hyperparameter a method
 * lists (from the suite or the method's defaults) before counting, so a missing one is a bug in
 * reftbench, not a user mistake: it throws a plain Error.
 */
import type { ResolvedHparams } from '../types/run-spec.ts';

export function need<K extends keyof ResolvedHparams>(h: ResolvedHparams, name: K): NonNullable<ResolvedHparams[K]> {
  const value = h[name];
  if (value === undefined || value === null) {
    throw new Error(`internal: hyperparameter "${String(name)}" was not resolved before use`);
  }
  return value as NonNullable<ResolvedHparams[K]>;
}
