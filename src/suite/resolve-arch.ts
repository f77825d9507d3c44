/**
 * The architecture of each suite model, without downloading: a preset (named, or implied by a known
 * hub repo), the tiny-model generator's defaults for `tiny:<kind>@<seed>`, or — for a local
 * directory — its config.json (read by the caller and passed in so this stays pure); fields given
 * inline (`arch`) override any of them.
 */
import type { ArchConfig } from '../models/arch.ts';
import { archPreset, archPresetNames, hubRepoPresets, isArchPresetName } from '../models/presets.ts';
import { TINY_DEFAULTS, TINY_KINDS, type TinyKind } from '../models/tiny.ts';
import type { SuiteModel } from '../types/suite.ts';
import { suiteMessages as msg } from '../messages/suite.ts';
import { didYouMean } from './did-you-mean.ts';
import { childPointer, type SuiteIssue } from './issue.ts';

const archFields: readonly (keyof ArchConfig)[] = [
  'family', 'modelType', 'vocabSize', 'hiddenSize', 'numLayers', 'numHeads', 'numKvHeads', 'intermediateSize',
  'maxPositions', 'typeVocabSize', 'hiddenAct', 'normEps', 'ropeTheta', 'tieWordEmbeddings', 'positionOffset',
  'padTokenId', 'linearBias',
];

/** Where a model source points. */
export type ModelSourceKind = { kind: 'hub'; repo: string; revision: string } | { kind: 'tiny'; family: string; seed: number } | { kind: 'local'; dir: string };

export function parseModelSource(source: string): ModelSourceKind {
  const hub = /^hf:([^@]+)@(.+)$/.exec(source);
  if (hub) return { kind: 'hub', repo: hub[1]!, revision: hub[2]! };
  const tiny = /^tiny:([a-z]+)@([0-9]+)$/.exec(source);
  if (tiny) return { kind: 'tiny', family: tiny[1]!, seed: Number(tiny[2]) };
  return { kind: 'local', dir: source };
}

export type ArchOutcome = { arch: ArchConfig; issues: [] } | { arch: undefined; issues: SuiteIssue[] };

/**
 * Resolves one model's ArchConfig. `pointer` is the model's place in the suite; `local` is the
 * config.json architecture of a local directory (read by the caller), when the source is one.
 */
export function resolveModelArch(model: SuiteModel, pointer: string, local?: ArchConfig): ArchOutcome {
  let base: Partial<ArchConfig> = {};
  const source = parseModelSource(model.source);
  if (model.preset !== undefined) {
    if (!isArchPresetName(model.preset)) {
      const text = msg.unknownPreset(model.preset, archPresetNames, didYouMean(model.preset, archPresetNames));
      return { arch: undefined, issues: [{ pointer: childPointer(pointer, 'preset'), text }] };
    }
    base = archPreset(model.preset);
    // A local directory's config.json describes its weights: a preset that says otherwise — after the
    // suite's own `arch` overrides, which may cut it to the directory's layers — is a mistake.
    if (source.kind === 'local' && local !== undefined) {
      const claimed: Partial<ArchConfig> = { ...base, ...(model.arch ?? {}) };
      const differs = archFields.filter((f) => claimed[f] !== undefined && claimed[f] !== local[f]);
      if (differs.length > 0) {
        const text = msg.presetDisagreesWithDir(model.id, model.preset, differs.map((f) => `${f} ${String(claimed[f])} vs ${String(local[f])}`));
        return { arch: undefined, issues: [{ pointer: childPointer(pointer, 'preset'), text }] };
      }
    }
  } else if (source.kind === 'hub') {
    const preset = hubRepoPresets[source.repo];
    if (preset === undefined && model.arch === undefined) {
      return { arch: undefined, issues: [{ pointer: childPointer(pointer, 'source'), text: msg.hubNeedsPreset(model.id, source.repo) }] };
    }
    if (preset !== undefined) base = archPreset(preset);
  } else if (source.kind === 'local' && local !== undefined) {
    base = local;
  } else if (source.kind === 'tiny' && (TINY_KINDS as readonly string[]).includes(source.family)) {
    // The tiny-model generator's defaults, which the suite's inline arch overrides (src/models/tiny.ts).
    base = { ...TINY_DEFAULTS[source.family as TinyKind] };
  }
  const merged: Partial<ArchConfig> = { ...base, ...(model.arch ?? {}) };
  const missing = archFields.filter((f) => merged[f] === undefined);
  if (missing.length > 0) return { arch: undefined, issues: [{ pointer, text: msg.archIncomplete(model.id, missing) }] };
  const arch = merged as ArchConfig;
  if (arch.hiddenSize % arch.numHeads !== 0 || arch.numHeads % arch.numKvHeads !== 0) {
    return { arch: undefined, issues: [{ pointer, text: msg.headsDoNotDivide(model.id, arch.hiddenSize, arch.numHeads, arch.numKvHeads) }] };
  }
  if (arch.family !== model.family) {
    return { arch: undefined, issues: [{ pointer: childPointer(pointer, 'family'), text: msg.familyMismatch(model.id, model.family, arch.family) }] };
  }
  return { arch, issues: [] };
}
