/**
 * Target-module lists as suites write them (`query,value`, `all-linear`, `attention`, `ffn`), resolved
 * against an architecture, plus the shapes a weight-adding method sums over.
 */
import type { ArchConfig } from '../models/arch.ts';
import { blockTargets, linearShape, type LinearShape, type TargetModule } from './arch-counts.ts';

const ATTENTION: readonly TargetModule[] = ['query', 'key', 'value', 'output'];
const FFN: readonly TargetModule[] = ['gate', 'up', 'down'];

/** Outcome of resolving a target list: the modules in block order, or the one the model lacks. */
export type TargetResolution = { ok: true; targets: TargetModule[] } | { ok: false; missing: string };

export function resolveTargets(text: string, arch: ArchConfig): TargetResolution {
  const available = blockTargets(arch);
  let wanted: readonly string[];
  if (text === 'all-linear') wanted = available;
  else if (text === 'attention') wanted = ATTENTION;
  else if (text === 'ffn') wanted = FFN.filter((t) => available.includes(t));
  else wanted = text.split(',');
  const missing = wanted.find((t) => !(available as readonly string[]).includes(t));
  if (missing !== undefined) return { ok: false, missing };
  return { ok: true, targets: available.filter((t) => wanted.includes(t)) };
}

/** Shapes of the listed targets in one block (targets the model lacks are an internal error). */
export function targetShapes(arch: ArchConfig, targets: readonly TargetModule[]): LinearShape[] {
  return targets.map((t) => {
    const shape = linearShape(arch, t);
    if (shape === undefined) throw new Error(`internal: target "${t}" was not validated for ${arch.modelType}`);
    return shape;
  });
}
