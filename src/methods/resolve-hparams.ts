/**
 * Turns one sampled configuration (suite notation: layers "top4", targets "query,value") into the
 * concrete hyperparameters a run spec carries, for one method kind on one architecture. Unset
 * hyperparameters take the kind's defaults; layers default to every block.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { MethodDef, MethodHparamName, ResolvedHparams } from './method-def.ts';
import { resolveLayers } from './layer-selection.ts';
import { resolveTargets } from './targets.ts';
import { blockTargets } from './arch-counts.ts';

/** A configuration value as the suite gives it. */
export type ConfigValue = number | string | boolean;

/** Why a configuration does not fit an architecture. */
export type HparamProblem =
  | { name: 'layers'; selection: string; reason: 'out-of-range'; layer: number; numLayers: number }
  | { name: 'layers'; selection: string; reason: 'too-many'; wanted: number; numLayers: number }
  | { name: 'targets'; target: string; available: string[] }
  | { name: 'rank'; rank: number; max: number };

export type HparamOutcome = { ok: true; hparams: ResolvedHparams } | { ok: false; problem: HparamProblem };

export function resolveHparams(def: MethodDef, config: Partial<Record<string, ConfigValue>>, arch: ArchConfig): HparamOutcome {
  const out: Record<string, unknown> = { ...def.defaults };
  for (const name of def.hparams) {
    const value = config[name];
    if (value !== undefined) out[name] = value;
  }
  if (def.hparams.includes('layers')) {
    const selection = typeof out.layers === 'string' ? out.layers : 'all';
    const r = resolveLayers(selection, arch.numLayers);
    if (!r.ok) {
      if (r.reason === 'out-of-range') return { ok: false, problem: { name: 'layers', selection, reason: r.reason, layer: r.layer, numLayers: r.numLayers } };
      if (r.reason === 'too-many') return { ok: false, problem: { name: 'layers', selection, reason: r.reason, wanted: r.wanted, numLayers: r.numLayers } };
      throw new Error(`internal: layer selection "${selection}" was not validated`);
    }
    out.layers = r.layers;
  }
  if (def.hparams.includes('targets') && typeof out.targets === 'string') {
    const r = resolveTargets(out.targets, arch);
    if (!r.ok) return { ok: false, problem: { name: 'targets', target: r.missing, available: blockTargets(arch) } };
    out.targets = r.targets;
  }
  if (def.maxRank !== undefined && typeof out.rank === 'number' && out.rank > def.maxRank(arch)) {
    return { ok: false, problem: { name: 'rank', rank: out.rank, max: def.maxRank(arch) } };
  }
  return { ok: true, hparams: out as ResolvedHparams };
}

/** The method hyperparameters of a kind, for membership checks against suite keys. */
export function takesHparam(def: MethodDef, name: string): name is MethodHparamName {
  return (def.hparams as readonly string[]).includes(name);
}
