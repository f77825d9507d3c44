/**
 * Forward outputs of the encoder and decoder graphs against PyTorch/transformers reference
 * fixtures (test/fixtures/reference/, written by scripts/reference-logits.py) for the same weights:
 * every block output, the last hidden state and BERT's pooler output, and LLaMA logits, within
 * 1e-4 absolute at positions whose attention mask is 1.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHfConfig } from '../../../src/models/hf-config.ts';
import { normalizeWeightNames } from '../../../src/models/hf-dir.ts';
import { convertLlama2c } from '../../../src/models/llama2c.ts';
import { generateTinyModel } from '../../../src/models/tiny.ts';
import type { ArchConfig } from '../../../src/models/arch.ts';
import type { TensorMap } from '../../../src/models/safetensors.ts';
import { Graph } from '../../../src/backends/ort/graph/graph.ts';
import * as op from '../../../src/backends/ort/graph/ops.ts';
import type { Tensor } from '../../../src/backends/ort/graph/types.ts';
import { emitModel } from '../../../src/backends/ort/onnx/emit.ts';
import { GraphSession, type HostData } from '../../../src/backends/ort/exec/session.ts';
import type { EngineMethod } from '../../../src/backends/ort/methods/method.ts';
import { ModelContext } from '../../../src/backends/ort/models/context.ts';
import { buildDecoder } from '../../../src/backends/ort/models/decoder.ts';
import { buildEncoder } from '../../../src/backends/ort/models/encoder.ts';
import { Rng } from '../../../src/backends/ort/train/prng.ts';

interface Fixture {
  inputIds: number[][];
  attentionMask: number[][];
  tokenTypeIds?: number[][];
  hiddenStates: number[][][][];
  lastHiddenState?: number[][][];
  poolerOutput?: number[][];
  logitPositions?: number[];
  logits?: number[][][];
}

const TOLERANCE = 1e-4;
const fixtureDir = join(import.meta.dirname, '..', '..', 'fixtures', 'reference');
const readFixture = (name: string): Fixture => JSON.parse(readFileSync(join(fixtureDir, `${name}.json`), 'utf8')) as Fixture;

/** Runs the forward graph, capturing every block output and the pooler output through method hooks. */
async function forward(arch: ArchConfig, weights: TensorMap, fx: Fixture): Promise<{ blocks: Float32Array[]; pooler?: Float32Array; logits: Float32Array }> {
  const B = fx.inputIds.length;
  const S = fx.inputIds[0]!.length;
  const captured: Tensor[] = [];
  let pooler: Tensor | undefined;
  const capture: EngineMethod = {
    kind: 'capture',
    trainsBaseWeight: () => false,
    trainsHead: false,
    hooks: {
      blockOutput: (_ctx, _layer, h) => {
        captured.push(h);
        return h;
      },
      linear: (ctx, site, x, _w, _b, base) => {
        const y = base(x);
        if (site.role === 'pooler') pooler = op.tanh(ctx.g, y);
        return y;
      },
    },
  };
  const g = new Graph();
  const mask = g.input('b:attention_mask', 'float32', [B, S], 'batch');
  const ctx = new ModelContext(g, false, B, S, mask, normalizeWeightNames(weights), 'fixture', capture, new Rng(0));
  const out = arch.family === 'decoder' ? buildDecoder(ctx, arch, 0) : buildEncoder(ctx, arch, { kind: 'classification', numLabels: 2 }, { hiddenDropout: 0, headDropout: 0 });
  const outputs: [string, Tensor][] = [['logits', out.logits], ...captured.map((t, i): [string, Tensor] => [`block${i}`, t])];
  if (pooler) outputs.push(['pooler', pooler]);
  const session = await GraphSession.create(emitModel(g, { outputs, frozenData: ctx.frozen }));
  const feeds = new Map<string, HostData>([
    ['b:input_ids', BigInt64Array.from(fx.inputIds.flat().map(BigInt))],
    ['b:attention_mask', Float32Array.from(fx.attentionMask.flat())],
    ['b:labels', arch.family === 'decoder' ? new BigInt64Array(B * S) : new BigInt64Array(B)],
    ['b:token_type_ids', BigInt64Array.from((fx.tokenTypeIds ?? fx.inputIds.map((r) => r.map(() => 0))).flat().map(BigInt))],
  ]);
  const res = await session.run(feeds);
  await session.release();
  return {
    logits: res.get('logits') as Float32Array,
    blocks: captured.map((_, i) => res.get(`block${i}`) as Float32Array),
    ...(pooler ? { pooler: res.get('pooler') as Float32Array } : {}),
  };
}

/** Largest |ours − reference| over [B, S, H] at unmasked positions. */
function maxDiffHidden(ours: Float32Array, ref: number[][][], mask: number[][]): number {
  let worst = 0;
  ref.forEach((rows, b) => rows.forEach((vec, s) => {
    if (mask[b]![s] !== 1) return;
    vec.forEach((v, h) => { worst = Math.max(worst, Math.abs(ours[(b * rows.length + s) * vec.length + h]! - v)); });
  }));
  return worst;
}

for (const kind of ['bert', 'roberta'] as const) {
  test(`tiny ${kind}: block outputs and pooler equal the transformers reference within 1e-4`, async () => {
    const fx = readFixture(`tiny-${kind}-0`);
    const contents = generateTinyModel(kind, 0);
    const arch = parseHfConfig(contents.config, 'config.json');
    const result = await forward(arch, contents.tensors, fx);
    assert.equal(result.blocks.length, arch.numLayers);
    result.blocks.forEach((block, l) => {
      const diff = maxDiffHidden(block, fx.hiddenStates[l + 1]!, fx.attentionMask);
      assert.ok(diff < TOLERANCE, `layer ${l}: max abs diff ${diff}`);
    });
    assert.ok(maxDiffHidden(result.blocks.at(-1)!, fx.lastHiddenState!, fx.attentionMask) < TOLERANCE);
    if (kind === 'bert') {
      const H = arch.hiddenSize;
      fx.poolerOutput!.forEach((vec, b) => vec.forEach((v, h) => assert.ok(Math.abs(result.pooler![b * H + h]! - v) < TOLERANCE, `pooler ${b},${h}`)));
    }
  });
}

async function checkDecoder(fx: Fixture, arch: ArchConfig, weights: TensorMap): Promise<void> {
  const result = await forward(arch, weights, fx);
  assert.equal(result.blocks.length, arch.numLayers);
  // HF's last hidden state is after the final norm; compare the block outputs before it.
  for (let l = 0; l < arch.numLayers - 1; l++) {
    const diff = maxDiffHidden(result.blocks[l]!, fx.hiddenStates[l + 1]!, fx.attentionMask);
    assert.ok(diff < TOLERANCE, `layer ${l}: max abs diff ${diff}`);
  }
  const S = fx.inputIds[0]!.length;
  const V = arch.vocabSize;
  let worst = 0;
  fx.logits!.forEach((rows, b) => rows.forEach((vec, i) => {
    const s = fx.logitPositions![i]!;
    if (fx.attentionMask[b]![s] !== 1) return;
    vec.forEach((v, k) => { worst = Math.max(worst, Math.abs(result.logits[(b * S + s) * V + k]! - v)); });
  }));
  assert.ok(worst < TOLERANCE, `logits max abs diff ${worst}`);
}

test('tiny llama: block outputs and logits equal the transformers reference within 1e-4', async () => {
  const contents = generateTinyModel('llama', 0);
  await checkDecoder(readFixture('tiny-llama-0'), parseHfConfig(contents.config, 'config.json'), contents.tensors);
});

const dataDir = process.env.REFTBENCH_DATA_DIR;
test('stories260K: block outputs and logits equal the transformers reference within 1e-4', { skip: dataDir ? false : 'REFTBENCH_DATA_DIR is not set' }, async () => {
  const dir = join(dataDir!, 'models', 'stories260K');
  const contents = convertLlama2c(join(dir, 'stories260K.bin'), join(dir, 'tok512.bin'));
  await checkDecoder(readFixture('stories260K'), parseHfConfig(contents.config, 'config.json'), contents.tensors);
});
