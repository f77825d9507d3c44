/**
 * A suite model given as a local HF-format directory: validation reads its config.json (relative to
 * the suite file) and the plan counts from it; a missing directory, weights that do not match the
 * config (cut short, other layer count or embedding) and a preset that contradicts the config are
 * each one message and exit code 2 at validation, not failed runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli.ts';
import { loadSuite } from '../../src/suite/load-suite.ts';
import { buildPlan } from '../../src/plan/build-plan.ts';
import { baseModelParams } from '../../src/methods/arch-counts.ts';
import { encodeSafetensors, type TensorMap } from '../../src/models/safetensors.ts';

const base = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/suites/good/base.json'), 'utf8')) as Record<string, unknown>;
const config = {
  model_type: 'bert', vocab_size: 100, hidden_size: 16, num_hidden_layers: 2, num_attention_heads: 2,
  intermediate_size: 32, max_position_embeddings: 128, type_vocab_size: 2,
};

/** Weights' headers as the config above describes them (validation reads only the headers). */
function weights(layers = 2, embedding = [100, 16]): Uint8Array {
  const tensor = (shape: number[]) => ({ shape, data: new Float32Array(shape.reduce((a, b) => a * b, 1)) });
  const map: TensorMap = new Map([['embeddings.word_embeddings.weight', tensor(embedding)]]);
  for (let i = 0; i < layers; i++) map.set(`encoder.layer.${i}.output.dense.bias`, tensor([16]));
  return encodeSafetensors(map, { format: 'pt' });
}

function workspace(withModel: boolean, model: Record<string, unknown> = {}, safetensors: Uint8Array = weights()): string {
  const dir = mkdtempSync(join(tmpdir(), 'reftbench-local-'));
  if (withModel) {
    mkdirSync(join(dir, 'model'));
    writeFileSync(join(dir, 'model', 'config.json'), JSON.stringify(config));
    writeFileSync(join(dir, 'model', 'model.safetensors'), safetensors);
    writeFileSync(join(dir, 'model', 'tokenizer.json'), '{}');
  }
  const suite = {
    ...base,
    $schema: '../schemas/suite.schema.json',
    models: [{ id: 'local-bert', source: './model', family: 'encoder', ...model }],
    budget: { compute: { rule: 'steps', amount: 10 } },
  };
  writeFileSync(join(dir, 'suite.json'), JSON.stringify(suite, null, 2));
  return dir;
}

test('a local model directory is read relative to the suite file and planned from its config.json', () => {
  const dir = workspace(true);
  try {
    const loaded = loadSuite('suite.json', dir);
    const arch = loaded.archs.get('local-bert')!;
    assert.deepEqual([arch.hiddenSize, arch.numLayers, arch.modelType], [16, 2, 'bert']);
    assert.equal(loaded.sources.get('local-bert'), join(dir, 'model'));
    const plan = buildPlan(loaded);
    const lora = plan.groups.find((g) => g.methodId === 'lora')!;
    assert.equal(lora.baseParams, baseModelParams(arch));
    assert.equal(lora.trials[0]!.trainableParams, 2 * 2 * 8 * (16 + 16));
    assert.equal(lora.trials[0]!.spec.model.source, './model', 'the run spec records the source as the suite writes it');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the same suite with its local model in another folder plans the same run ids (results move between checkouts)', () => {
  const a = workspace(true);
  const b = workspace(true);
  try {
    const ids = (dir: string) => buildPlan(loadSuite('suite.json', dir)).groups.flatMap((g) => g.trials.map((t) => t.runId));
    assert.notEqual(a, b);
    assert.deepEqual(ids(a), ids(b));
  } finally {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
});

test('a missing local model directory is one message and exit code 2', async () => {
  const dir = workspace(false);
  try {
    let err = '';
    const code = await main(['validate', 'suite.json'], { out: () => {}, err: (t) => (err += t), cwd: dir, env: {} });
    assert.equal(code, 2);
    assert.ok(err.includes(join(dir, 'model')), err);
    assert.doesNotMatch(err, /\n\s+at /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('weights that do not match config.json, or a preset that contradicts it: exit 2 at validation, naming the folder', async () => {
  const whole = weights();
  const cases: [Record<string, unknown>, Uint8Array, RegExp][] = [
    [{}, whole.subarray(0, whole.length - 100), /model\.safetensors: tensor ".*" ends at data byte \d+, past the end of the data .*truncated/],
    [{}, weights(1), /the weights do not match .*config\.json: the weights hold 1 layer, but the config says 2/],
    [{}, weights(2, [100, 32]), /embeddings\.word_embeddings\.weight is \[100, 32\], but the config says vocab_size 100 and hidden_size 16/],
    [{ preset: 'all-MiniLM-L6-v2' }, whole, /\/models\/0\/preset.*preset "all-MiniLM-L6-v2" disagrees with the model directory's config\.json \(preset vs config: .*hiddenSize 384 vs 16/],
  ];
  for (const [model, safetensors, message] of cases) {
    const dir = workspace(true, model, safetensors);
    try {
      let err = '';
      const code = await main(['validate', 'suite.json'], { out: () => {}, err: (t) => (err += t), cwd: dir, env: {} });
      assert.equal(code, 2, err);
      assert.match(err, message);
      assert.doesNotMatch(err, /\n\s+at /);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
});
