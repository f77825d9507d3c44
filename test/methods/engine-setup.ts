/**
 * Shared set-up of the engine-level method tests: tiny generated models, a synthetic
 * classification task whose label is the parity of the first token after CLS, resolved
 * hyperparameters for every method kind, and the training graph built exactly as the engine builds
 * it (for inspecting which scopes the backward pass reaches).
 */
import { gradients } from '../../src/backends/ort/graph/autodiff.ts';
import { Graph } from '../../src/backends/ort/graph/graph.ts';
import type { Node } from '../../src/backends/ort/graph/types.ts';
import { liveNodes } from '../../src/backends/ort/onnx/emit.ts';
import type { Batch, EngineModel } from '../../src/backends/ort/engine.ts';
import type { EngineMethod } from '../../src/backends/ort/methods/method.ts';
import { ModelContext } from '../../src/backends/ort/models/context.ts';
import { buildEncoder } from '../../src/backends/ort/models/encoder.ts';
import { Rng } from '../../src/backends/ort/train/prng.ts';
import { normalizeWeightNames } from '../../src/models/hf-dir.ts';
import { parseHfConfig } from '../../src/models/hf-config.ts';
import { generateTinyModel, type TinyKind } from '../../src/models/tiny.ts';
import type { ArchConfig } from '../../src/models/arch.ts';
import { methods } from '../../src/methods/registry.ts';
import { resolveHparams, type ConfigValue } from '../../src/methods/resolve-hparams.ts';
import type { MethodKind, ResolvedHparams } from '../../src/types/run-spec.ts';

export function tinyModel(kind: TinyKind, overrides: Partial<ArchConfig> = {}): EngineModel {
  const contents = generateTinyModel(kind, 3, overrides);
  return { arch: parseHfConfig(contents.config, 'config.json'), weights: contents.tensors, source: `tiny:${kind}@3` };
}

/** Resolves a suite-style configuration for `kind` on `arch` (throws when it does not fit). */
export function hparams(kind: MethodKind, arch: ArchConfig, config: Partial<Record<string, ConfigValue>> = {}): ResolvedHparams {
  const out = resolveHparams(methods[kind], config, arch);
  if (!out.ok) throw new Error(`test configuration does not fit: ${JSON.stringify(out.problem)}`);
  return out.hparams;
}

/** `count` batches of B × S: CLS, random tokens, right padding of 0–2 tokens; label = parity of token 1. */
export function parityBatches(count: number, seed: number, B: number, S: number): Batch[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const inputIds = BigInt64Array.from({ length: B * S }, (_, i) => (i % S === 0 ? 2n : BigInt(10 + rng.int(100))));
    const attentionMask = new Float32Array(B * S).fill(1);
    for (let b = 0; b < B; b++) for (let s = S - rng.int(3); s < S; s++) attentionMask[b * S + s] = 0;
    const labels = BigInt64Array.from({ length: B }, (_, b) => inputIds[b * S + 1]! % 2n);
    return { inputIds, attentionMask, labels };
  });
}

/** The live backward nodes of an encoder classification training graph under `method`. */
export function backwardNodes(model: EngineModel, method: EngineMethod, B: number, S: number): Node[] {
  const g = new Graph();
  const mask = g.input('b:attention_mask', 'float32', [B, S], 'batch');
  const ctx = new ModelContext(g, true, B, S, mask, normalizeWeightNames(model.weights), model.source, method, new Rng(0).fork('init'));
  const out = buildEncoder(ctx, model.arch, { kind: 'classification', numLabels: 2 }, { hiddenDropout: 0, headDropout: 0 });
  const params = [...ctx.params.values()];
  const grads = gradients(g, out.loss, params.map((p) => p.tensor));
  return liveNodes(g, [...grads.values()]).filter((n) => n.scope.startsWith('grad:'));
}
