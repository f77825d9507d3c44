/**
 * The engine with each AdamW kernel: onnxruntime reads the parameters from the wasm kernel's memory
 * (Float32Array views fed as plain ArrayBuffers), and training with the wasm SIMD kernel gives
 * bit-identical losses, gradient norms and parameters to the TypeScript loop, step for step.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHfConfig } from '../../../src/models/hf-config.ts';
import { generateTinyModel, type TinyKind } from '../../../src/models/tiny.ts';
import { Engine, type Batch, type EngineModel, type StepResult } from '../../../src/backends/ort/engine.ts';
import { ADAMW_DEFAULTS } from '../../../src/backends/ort/train/adamw.ts';
import { fullFineTuning } from '../../../src/backends/ort/methods/full.ts';
import { Rng } from '../../../src/backends/ort/train/prng.ts';

const B = 4;
const S = 8;

function tiny(kind: TinyKind): EngineModel {
  const contents = generateTinyModel(kind, 3);
  return { arch: parseHfConfig(contents.config, 'config.json'), weights: contents.tensors, source: `tiny:${kind}@3` };
}

function batches(count: number, seed: number, lm: boolean): Batch[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => {
    const inputIds = BigInt64Array.from({ length: B * S }, () => BigInt(3 + rng.int(100)));
    const attentionMask = new Float32Array(B * S).fill(1);
    const labels = lm ? inputIds.slice() : BigInt64Array.from({ length: B }, (_, b) => inputIds[b * S + 1]! % 2n);
    return { inputIds, attentionMask, labels };
  });
}

/** Steps of full fine-tuning (weight decay, clipping, dropout) with one kernel: step results and the final parameters. */
async function run(kind: TinyKind, kernel: 'js' | 'wasm', steps: number): Promise<{ results: StepResult[]; params: Map<string, Float32Array> }> {
  const lm = kind === 'llama';
  const engine = await Engine.create(tiny(kind), lm ? { kind: 'causal-lm' } : { kind: 'classification', numLabels: 2 }, fullFineTuning, {
    batchSize: B, seqLen: S, learningRate: 5e-3, totalSteps: steps, warmupSteps: 1, seed: 4, hiddenDropout: 0.1,
    maxGradNorm: 0.5, adamw: { ...ADAMW_DEFAULTS, weightDecay: 0.01, kernel }, threads: { intraOpThreads: 1 },
  });
  const data = batches(3, 2, lm);
  const results: StepResult[] = [];
  for (let s = 0; s < steps; s++) results.push(await engine.trainStep(data[s % data.length]!));
  const params = new Map(engine.parameters().map((p) => [p.name, engine.parameter(p.name)!.slice()]));
  const inWasm = engine.parameters().every((p) => engine.parameter(p.name)!.buffer.byteLength > engine.parameter(p.name)!.byteLength);
  assert.equal(inWasm, kernel === 'wasm', `${kind}/${kernel}: parameters ${inWasm ? 'are' : 'are not'} views of one shared memory`);
  await engine.release();
  return { results, params };
}

for (const kind of ['bert', 'llama'] as const) {
  test(`${kind}: 6 clipped full fine-tuning steps give the same losses, norms and parameter bits with the wasm and TypeScript kernels`, async () => {
    const js = await run(kind, 'js', 6);
    const wasm = await run(kind, 'wasm', 6);
    assert.deepEqual(wasm.results, js.results);
    assert.ok(js.results.some((r) => r.gradNorm > 0.5), 'clipping was active');
    assert.notEqual(js.results[0]!.loss, js.results.at(-1)!.loss);
    for (const [name, value] of js.params) {
      const w = wasm.params.get(name)!;
      assert.deepEqual(new Uint32Array(w.buffer), new Uint32Array(value.buffer), name);
    }
  });
}
