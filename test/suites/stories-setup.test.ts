/**
 * scripts/setup-stories.sh, which makes the model directory suites/stories-recall.json reads: from
 * the llama2.c files in the data directory it writes an HF-format stories260K whose architecture is
 * the `stories260K` preset the suite plans with; a second run does nothing; a file with another
 * sha256 (some copies in the wild are corrupted) or no files at all is exit 2 with nothing written.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ArchConfig } from '../../src/models/arch.ts';
import { readHfArch } from '../../src/models/hf-dir.ts';
import { archPreset } from '../../src/models/presets.ts';

const repo = resolve(import.meta.dirname, '../..');
const dataDir = process.env.REFTBENCH_DATA_DIR;
const llama2c = dataDir === undefined ? undefined : join(dataDir, 'models', 'stories260K');

function setup(modelsDir: string, source?: string): { code: number | null; out: string; err: string } {
  const r = spawnSync('bash', ['scripts/setup-stories.sh', ...(source === undefined ? [] : [source])], {
    cwd: repo,
    env: { ...process.env, REFTBENCH_MODELS_DIR: modelsDir, REFTBENCH_DATA_DIR: '' },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('setup-stories converts the llama2.c files into the directory the stories260K preset describes; a second run does nothing', { skip: llama2c === undefined ? 'REFTBENCH_DATA_DIR is not set' : false }, () => {
  const models = mkdtempSync(join(tmpdir(), 'reftbench-stories-'));
  const first = setup(models, llama2c);
  assert.equal(first.code, 0, first.err);
  const dir = join(models, 'stories260K');
  assert.deepEqual(readdirSync(dir).sort(), ['config.json', 'model.safetensors', 'tokenizer.json']);
  const fromDir = readHfArch(dir);
  const preset = archPreset('stories260K');
  for (const key of Object.keys(preset) as (keyof ArchConfig)[]) assert.equal(fromDir[key], preset[key], `ArchConfig.${key}`);
  const second = setup(models, llama2c);
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, /already set up/);
  assert.deepEqual(readdirSync(models), ['stories260K'], 'no temporary folder left');
});

test('setup-stories refuses a checkpoint with another sha256, and missing files, with exit 2 and nothing written', { skip: llama2c === undefined ? 'REFTBENCH_DATA_DIR is not set' : false }, () => {
  const models = mkdtempSync(join(tmpdir(), 'reftbench-stories-'));
  const corrupt = mkdtempSync(join(tmpdir(), 'reftbench-stories-src-'));
  copyFileSync(join(llama2c!, 'tok512.bin'), join(corrupt, 'tok512.bin'));
  writeFileSync(join(corrupt, 'stories260K.bin'), Buffer.alloc(1024));
  const bad = setup(models, corrupt);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /stories260K\.bin is not the stories260K checkpoint this project was tested with/);
  assert.ok(!existsSync(join(models, 'stories260K')));
  const empty = join(corrupt, 'empty');
  mkdirSync(empty);
  const missing = setup(models, empty);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /Download both from/);
  assert.deepEqual(readdirSync(models), [], 'nothing written');
});
