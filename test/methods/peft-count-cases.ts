/**
 * The cases that hold the planner's counts for the torch-only peft kinds (prefix, loha, lokr, vera,
 * oft) to what peft 0.21 really creates: two tiny architectures with awkward widths (an FFN of 48
 * and 40, grouped-query key/values) and configurations that take each kind's structural branches
 * (LoKr's low-rank and whole W2, OFT block counts peft must move to a divisor). `peftCountFixture`
 * resolves them with the planner; test/fixtures/methods/peft-counts.json holds the result, which
 * test/methods/peft-counts.test.ts checks against the planner and the worker's pytest
 * (test/backends/torch/python/test_peft_counts.py) against peft. Rewrite the file after a
 * deliberate change with `node --import tsx test/methods/write-peft-counts.ts`.
 */
import type { ArchConfig } from '../../src/models/arch.ts';
import type { MethodKind, ResolvedHparams } from '../../src/types/run-spec.ts';
import { methods } from '../../src/methods/registry.ts';
import { resolveHparams, type ConfigValue } from '../../src/methods/resolve-hparams.ts';

export const PEFT_COUNT_ARCHS: Readonly<Record<'encoder' | 'decoder', ArchConfig>> = {
  encoder: {
    family: 'encoder', modelType: 'roberta', vocabSize: 50, hiddenSize: 32, numLayers: 2, numHeads: 4, numKvHeads: 4, intermediateSize: 48,
    maxPositions: 32, typeVocabSize: 1, hiddenAct: 'gelu', normEps: 1e-5, ropeTheta: 0, tieWordEmbeddings: false, positionOffset: 2, padTokenId: 1,
    linearBias: true,
  },
  decoder: {
    family: 'decoder', modelType: 'llama', vocabSize: 50, hiddenSize: 32, numLayers: 2, numHeads: 4, numKvHeads: 2, intermediateSize: 40,
    maxPositions: 32, typeVocabSize: 0, hiddenAct: 'silu', normEps: 1e-5, ropeTheta: 10000, tieWordEmbeddings: true, positionOffset: 0, padTokenId: 0,
    linearBias: false,
  },
};

const CONFIGS: readonly { kind: MethodKind; config: Partial<Record<string, ConfigValue>> }[] = [
  { kind: 'prefix', config: { promptTokens: 3 } },
  { kind: 'prefix', config: { promptTokens: 1 } },
  { kind: 'loha', config: { rank: 2, targets: 'query,value' } },
  { kind: 'loha', config: { rank: 3, targets: 'all-linear', layers: 'top1' } },
  { kind: 'lokr', config: { rank: 2, targets: 'query,value' } },
  { kind: 'lokr', config: { rank: 8, targets: 'all-linear' } },
  { kind: 'vera', config: { rank: 4, targets: 'query,value' } },
  { kind: 'vera', config: { rank: 16, targets: 'all-linear', dropout: 0.1 } },
  { kind: 'oft', config: { rank: 4, targets: 'query,value' } },
  { kind: 'oft', config: { rank: 5, targets: 'all-linear' } },
  { kind: 'oft', config: { rank: 7, targets: 'ffn', layers: '0' } },
];

/** One fixture case: a kind's resolved hyperparameters on one architecture and the planner's count. */
export interface PeftCountCase {
  family: 'encoder' | 'decoder';
  kind: MethodKind;
  hparams: ResolvedHparams;
  trainable: number;
}

export interface PeftCountFixture {
  archs: Readonly<Record<'encoder' | 'decoder', ArchConfig>>;
  cases: PeftCountCase[];
}

/** Every case resolved and counted by the planner (src/methods/<kind>.ts). */
export function peftCountFixture(): PeftCountFixture {
  const cases: PeftCountCase[] = [];
  for (const family of ['encoder', 'decoder'] as const) {
    const arch = PEFT_COUNT_ARCHS[family];
    for (const { kind, config } of CONFIGS) {
      const resolved = resolveHparams(methods[kind], config, arch);
      if (!resolved.ok) throw new Error(`peft count case ${kind} ${JSON.stringify(config)} does not fit ${family}: ${resolved.problem.name}`);
      cases.push({ family, kind, hparams: resolved.hparams, trainable: methods[kind].countParams(resolved.hparams, arch).trainable });
    }
  }
  return { archs: PEFT_COUNT_ARCHS, cases };
}

/** Where the fixture lives, relative to the repository root. */
export const PEFT_COUNT_FIXTURE = 'test/fixtures/methods/peft-counts.json';
