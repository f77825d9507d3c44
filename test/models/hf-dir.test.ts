import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserError } from '../../src/errors.ts';
import { loadHfDir, normalizeWeightName, normalizeWeightNames, readHfArch } from '../../src/models/hf-dir.ts';
import { writeHfDir } from '../../src/models/hf-write.ts';
import { encodeSafetensors, type TensorMap } from '../../src/models/safetensors.ts';
import { Engine } from '../../src/backends/ort/engine.ts';
import { fullFineTuning } from '../../src/backends/ort/methods/full.ts';
import { generateTinyModel } from '../../src/models/tiny.ts';

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'reftbench-hfdir-'));
}

function rejects(dir: string, pattern: RegExp): void {
  assert.throws(() => loadHfDir(dir), (e: unknown) => e instanceof UserError && pattern.test(e.message));
}

test('loads a written tiny model with HF names, dtypes and the tokenizer path', () => {
  const root = scratch();
  try {
    const contents = generateTinyModel('bert', 1);
    const dir = writeHfDir(join(root, 'bert'), contents);
    assert.deepEqual(readdirSync(root), ['bert'], 'no temporary folder left behind');
    const model = loadHfDir(dir);
    assert.equal(model.arch.modelType, 'bert');
    assert.equal(model.tokenizerPath, join(dir, 'tokenizer.json'));
    assert.equal(model.weights.size, contents.tensors.size);
    assert.deepEqual([...model.weights.get('embeddings.word_embeddings.weight')!.data], [...contents.tensors.get('embeddings.word_embeddings.weight')!.data]);
    assert.equal(model.dtypes.get('pooler.dense.weight'), 'F32');
    assert.deepEqual(readHfArch(dir), model.arch);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('loads sharded weights through model.safetensors.index.json', () => {
  const root = scratch();
  try {
    const contents = generateTinyModel('llama', 2);
    const dir = writeHfDir(join(root, 'llama'), contents);
    const names = [...contents.tensors.keys()];
    const half = Math.floor(names.length / 2);
    const shards = [names.slice(0, half), names.slice(half)];
    const weightMap: Record<string, string> = {};
    shards.forEach((shard, i) => {
      const file = `model-0000${i + 1}-of-00002.safetensors`;
      writeFileSync(join(dir, file), encodeSafetensors(new Map(shard.map((n) => [n, contents.tensors.get(n)!]))));
      for (const n of shard) weightMap[n] = file;
    });
    rmSync(join(dir, 'model.safetensors'));
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ metadata: {}, weight_map: weightMap }));
    const model = loadHfDir(dir);
    assert.equal(model.weights.size, names.length);
    assert.equal(model.arch.numKvHeads, 2);
    // An index naming a tensor no shard holds is refused.
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { ...weightMap, 'ghost.weight': 'model-00001-of-00002.safetensors' } }));
    rejects(dir, /says tensor "ghost\.weight" is in model-00001-of-00002\.safetensors, but that shard does not hold it/);
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { x: 'model-00009-of-00009.safetensors' } }));
    rejects(dir, /names shard "model-00009-of-00009\.safetensors", which is not in the directory/);
    writeFileSync(join(dir, 'model.safetensors.index.json'), JSON.stringify({ weight_map: { x: '../evil.safetensors' } }));
    rejects(dir, /not a \.safetensors file in the same folder/);
    writeFileSync(join(dir, 'model.safetensors.index.json'), '{"weights": {}}');
    rejects(dir, /has no "weight_map" object/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('bad directories: missing, a file, no config, pickle only, no weights, no tokenizer', () => {
  const root = scratch();
  try {
    rejects(join(root, 'nope'), /nope: no such model directory/);
    writeFileSync(join(root, 'file'), 'x');
    rejects(join(root, 'file'), /is a file, not a model directory/);
    const dir = join(root, 'm');
    mkdirSync(dir);
    rejects(dir, /m: no config\.json/);
    writeFileSync(join(dir, 'config.json'), JSON.stringify(generateTinyModel('bert', 0).config));
    writeFileSync(join(dir, 'pytorch_model.bin'), 'pickle');
    rejects(dir, /holds pytorch_model\.bin \(a pickle file\) but no model\.safetensors\. reftbench never loads pickle/);
    rmSync(join(dir, 'pytorch_model.bin'));
    rejects(dir, /no model\.safetensors \(nor model\.safetensors\.index\.json/);
    writeFileSync(join(dir, 'model.safetensors'), encodeSafetensors(generateTinyModel('bert', 0).tensors));
    rejects(dir, /no tokenizer\.json/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('weights with more layers than config.json (a model cut by lowering num_hidden_layers) load, and the extra layers are left out; a layer the config needs and the weights lack is refused', async () => {
  const root = scratch();
  try {
    const contents = generateTinyModel('bert', 1, { numLayers: 3 });
    const dir = writeHfDir(join(root, 'cut'), contents);
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...contents.config, num_hidden_layers: 2 }));
    assert.equal(readHfArch(dir).numLayers, 2);
    const cut = loadHfDir(dir);
    assert.equal(cut.arch.numLayers, 2);
    // The engine builds from the first two layers only: the same logits as without layer 2's tensors.
    const without = new Map([...cut.weights].filter(([name]) => !name.startsWith('encoder.layer.2.')));
    assert.ok(without.size < cut.weights.size);
    const logits = async (weights: TensorMap) => {
      const engine = await Engine.create({ arch: cut.arch, weights, source: dir }, { kind: 'classification', numLabels: 2 }, fullFineTuning, { batchSize: 1, seqLen: 4, seed: 1 });
      try {
        const out = await engine.evaluate({ inputIds: BigInt64Array.from([2n, 11n, 12n, 13n]), attentionMask: new Float32Array(4).fill(1), labels: BigInt64Array.from([1n]) });
        return [...out.logits];
      } finally {
        await engine.release();
      }
    };
    assert.deepEqual(await logits(cut.weights), await logits(without));
    // A gap below the config's count is still refused, naming the missing layer.
    writeFileSync(join(dir, 'model.safetensors'), encodeSafetensors(new Map([...contents.tensors].filter(([name]) => !name.startsWith('encoder.layer.1.')))));
    writeFileSync(join(dir, 'config.json'), JSON.stringify(contents.config));
    assert.throws(() => readHfArch(dir), (e: unknown) => e instanceof UserError && /the weights have no layer 1 \(layers count from 0\), but the config says 3 layers/.test(e.message));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('writeHfDir refuses to overwrite a non-empty directory and leaves it untouched', () => {
  const root = scratch();
  try {
    const dir = join(root, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'keep.txt'), 'mine');
    assert.throws(() => writeHfDir(dir, generateTinyModel('bert', 0)), (e: unknown) => e instanceof UserError && /already exists and is not empty/.test(e.message));
    assert.deepEqual(readdirSync(dir), ['keep.txt']);
    assert.deepEqual(readdirSync(root), ['taken']);
    // An empty directory is fine to fill.
    const empty = join(root, 'empty');
    mkdirSync(empty);
    writeHfDir(empty, generateTinyModel('bert', 0));
    assert.ok(existsSync(join(empty, 'model.safetensors')));
    renameSync(empty, join(root, 'moved'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('normalizeWeightName strips task-model prefixes and renames gamma/beta', () => {
  assert.equal(normalizeWeightName('bert.encoder.layer.0.attention.self.query.weight'), 'encoder.layer.0.attention.self.query.weight');
  assert.equal(normalizeWeightName('roberta.embeddings.word_embeddings.weight'), 'embeddings.word_embeddings.weight');
  assert.equal(normalizeWeightName('model.layers.3.mlp.up_proj.weight'), 'layers.3.mlp.up_proj.weight');
  assert.equal(normalizeWeightName('encoder.layer.0.output.LayerNorm.gamma'), 'encoder.layer.0.output.LayerNorm.weight');
  assert.equal(normalizeWeightName('bert.embeddings.LayerNorm.beta'), 'embeddings.LayerNorm.bias');
  assert.equal(normalizeWeightName('lm_head.weight'), 'lm_head.weight');
  assert.equal(normalizeWeightName('classifier.dense.weight'), 'classifier.dense.weight');
  const t = { shape: [1], data: new Float32Array(1) };
  assert.deepEqual([...normalizeWeightNames(new Map([['model.norm.weight', t]])).keys()], ['norm.weight']);
});
