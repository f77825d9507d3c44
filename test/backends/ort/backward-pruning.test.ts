/**
 * The emitted training model of a real model graph differentiates only from the loss down to the
 * lowest trainable module: a method that adds a trainable vector to the residual stream after
 * layer 2 of a 4-layer BERT yields a model whose backward nodes (named `grad:<scope>#…`) touch
 * layers 3 and 2 and nothing below — no layer 0/1, no embeddings — and whose forward is unchanged
 * when the vector is zero. Full fine-tuning, for contrast, reaches the embeddings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHfConfig } from '../../../src/models/hf-config.ts';
import { normalizeWeightNames } from '../../../src/models/hf-dir.ts';
import { generateTinyModel } from '../../../src/models/tiny.ts';
import { gradients } from '../../../src/backends/ort/graph/autodiff.ts';
import { Graph } from '../../../src/backends/ort/graph/graph.ts';
import * as op from '../../../src/backends/ort/graph/ops.ts';
import { emitModel } from '../../../src/backends/ort/onnx/emit.ts';
import { ModelProto } from '../../../src/backends/ort/onnx/proto.ts';
import { fullFineTuning } from '../../../src/backends/ort/methods/full.ts';
import type { EngineMethod } from '../../../src/backends/ort/methods/method.ts';
import { ModelContext } from '../../../src/backends/ort/models/context.ts';
import { buildEncoder } from '../../../src/backends/ort/models/encoder.ts';
import { Rng } from '../../../src/backends/ort/train/prng.ts';

/** A vector added to the block output of one layer: the smallest representation intervention. */
function shiftAtLayer(layer: number, hidden: number): EngineMethod {
  return {
    kind: 'shift',
    trainsBaseWeight: () => false,
    trainsHead: false,
    hooks: {
      blockOutput: (ctx, l, h) => (l === layer ? op.add(ctx.g, h, ctx.param(`shift${l}`, [hidden], new Float32Array(hidden))) : h),
    },
  };
}

function emittedNodeNames(method: EngineMethod): string[] {
  const contents = generateTinyModel('bert', 0, { numLayers: 4 });
  const arch = parseHfConfig(contents.config, 'config.json');
  const g = new Graph();
  const mask = g.input('b:attention_mask', 'float32', [2, 6], 'batch');
  const ctx = new ModelContext(g, true, 2, 6, mask, normalizeWeightNames(contents.tensors), 'tiny', method, new Rng(0));
  const { loss } = buildEncoder(ctx, arch, { kind: 'classification', numLabels: 2 }, { hiddenDropout: 0, headDropout: 0 });
  const params = [...ctx.params.values()];
  assert.ok(params.length > 0);
  const grads = gradients(g, loss, params.map((p) => p.tensor));
  const model = emitModel(g, { outputs: [['loss', loss], ...params.map((p): [string, typeof loss] => [`grad:${p.name}`, grads.get(p.tensor.id)!])], frozenData: ctx.frozen });
  assert.equal(model.kind, 'bytes');
  const decoded = ModelProto.toObject(ModelProto.decode(model.kind === 'bytes' ? model.bytes : new Uint8Array())) as { graph: { node: { name: string }[] } };
  return decoded.graph.node.map((n) => n.name);
}

const backwardModules = (names: string[]): Set<string> =>
  new Set(names.filter((n) => n.startsWith('grad:')).map((n) => n.slice('grad:'.length).split('#')[0]!.split('/')[0]!));

test('a method at layer 2 puts no layer below 2 into the emitted backward graph', () => {
  const reached = backwardModules(emittedNodeNames(shiftAtLayer(2, 32)));
  assert.ok(reached.has('layer2') && reached.has('layer3') && reached.has('head'), `reached: ${[...reached]}`);
  for (const below of ['layer0', 'layer1', 'embeddings']) assert.ok(!reached.has(below), `backward reaches ${below}: ${[...reached]}`);
});

test('full fine-tuning, by contrast, differentiates down to the embeddings', () => {
  const reached = backwardModules(emittedNodeNames(fullFineTuning));
  for (const module of ['layer0', 'layer1', 'embeddings', 'head']) assert.ok(reached.has(module), `missing ${module}: ${[...reached]}`);
});
