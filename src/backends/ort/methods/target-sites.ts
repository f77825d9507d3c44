/**
 * Which linear sites of the engine's graphs a target-module name (`query`, `value`, `down`, ... as
 * suites and src/methods/targets.ts spell them) selects, for the encoder (BERT/RoBERTa roles) and
 * the decoder (LLaMA roles) builders.
 */
import type { TargetModule } from '../../../types/run-spec.ts';
import type { LinearSite } from './method.ts';

const ROLE_TARGET: Readonly<Record<string, TargetModule>> = {
  query: 'query',
  key: 'key',
  value: 'value',
  attn_out: 'output',
  ffn_in: 'up',
  ffn_out: 'down',
  q_proj: 'query',
  k_proj: 'key',
  v_proj: 'value',
  o_proj: 'output',
  gate_proj: 'gate',
  up_proj: 'up',
  down_proj: 'down',
};

/** The target module a site is, or undefined for sites no method targets (pooler, head). */
export function siteTarget(site: LinearSite): TargetModule | undefined {
  return ROLE_TARGET[site.role];
}

/** A predicate selecting sites of the listed targets in the listed blocks. */
export function siteSelector(targets: readonly TargetModule[], layers: readonly number[]): (site: LinearSite) => TargetModule | undefined {
  const wanted = new Set(targets);
  const inLayers = new Set(layers);
  return (site) => {
    const t = siteTarget(site);
    return t !== undefined && wanted.has(t) && site.layer !== undefined && inLayers.has(site.layer) ? t : undefined;
  };
}
