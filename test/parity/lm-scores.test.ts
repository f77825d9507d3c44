/**
 * Causal-LM scoring parity between the backends: the same tiny LLaMA (the engine's generator), the
 * same tokenized splits with prompt lengths and the same run spec through OrtBackend and
 * TorchBackend give the same per-example dev NLL sums (relative 1e-3) over the same response
 * tokens, and the same greedy generations. LoRA's B starts at zero on both engines and the
 * learning rate is negligible, so both score the base model: what is compared is the scoring and
 * generation code (response offsets, shifting, padding, stopping, decoding), not the training.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackendRunOutput } from '../../src/backends/backend.ts';
import { OrtBackend } from '../../src/backends/ort/backend.ts';
import { TorchBackend } from '../../src/backends/torch-backend.ts';
import { REPO_ROOT } from '../../src/repo-root.ts';
import { writeTokenizedSplit } from '../../src/data/tokenized-split.ts';
import { methodDef } from '../../src/methods/registry.ts';
import { resolveHparams } from '../../src/methods/resolve-hparams.ts';
import type { RunSpec } from '../../src/types/run-spec.ts';
import { writeParityModel } from './parity-fixture.ts';

const skip = existsSync(join(REPO_ROOT, '.venv', 'bin', 'python')) ? false : 'no torch venv (npm run setup:torch)';
const PROMPTS = [5, 3, 9, 2, 4, 7, 6];
const RESPONSES = [4, 6, 3, 1, 5, 2, 6];
const MAX_LENGTH = 16;

/** A causal-LM split of seeded ids (never pad/BOS/EOS) with the prompt lengths above. */
async function writeLmSplit(dir: string, vocab: number, role: 'train' | 'dev'): Promise<string> {
  let state = 4242;
  const rows = PROMPTS.map((p, i) => Array.from({ length: p + RESPONSES[i]! }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return 5 + (state % (vocab - 5));
  }));
  const offsets = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => (offsets[i + 1] = offsets[i]! + r.length));
  const out = join(dir, role);
  await writeTokenizedSplit(out, {
    meta: {
      format: 'reftbench-tokenized-split', version: 1, key: '0'.repeat(64), task: 'lm-parity', role, kind: 'causal_lm',
      numExamples: rows.length, totalTokens: offsets[rows.length]!, longest: Math.max(...rows.map((r) => r.length)), maxLength: MAX_LENGTH,
      numLabels: 0, labelNames: [], tokenizer: { fingerprint: '0'.repeat(64) },
      files: { ids: 'ids.i32', offsets: 'offsets.i32', sourceIndices: 'source_indices.i32', promptLengths: 'prompt_lengths.i32' },
    },
    ids: Int32Array.from(rows.flat()),
    offsets,
    sourceIndices: Int32Array.from(rows.map((_, i) => i)),
    promptLengths: Int32Array.from(PROMPTS),
  });
  return out;
}

test('ort and torch give the same dev NLL sums, token counts and greedy generations on a causal-LM task', { skip, timeout: 240_000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'reftbench-lm-parity-'));
  const model = writeParityModel(root, 'decoder');
  const train = await writeLmSplit(root, model.arch.vocabSize, 'train');
  const dev = await writeLmSplit(root, model.arch.vocabSize, 'dev');
  const resolved = resolveHparams(methodDef('lora'), { rank: 2, alpha: 4, targets: 'query,value' }, model.arch);
  assert.ok(resolved.ok);
  const exact = { name: 'exact_match', direction: 'max' } as const;
  const spec = (backend: 'ort' | 'torch'): RunSpec => ({
    schemaVersion: 1, runId: `lm-parity-${backend}`, suite: { name: 'lm-parity', hash: '0' }, phase: 'trial', trial: 0, seed: 5,
    model: { id: 'tiny-llama', source: model.dir, family: 'decoder', dtype: 'float32', arch: model.arch },
    task: {
      id: 'lm-parity', type: 'causal_lm', numLabels: 0, maxLength: MAX_LENGTH, metrics: [{ name: 'loss', direction: 'min' }, exact], selectionMetric: exact,
      generation: { maxNewTokens: 5, extract: 'full' },
    },
    method: { id: 'lora', kind: 'lora', hparams: resolved.hparams },
    training: {
      steps: 1, batchSize: 4, evalBatchSize: 3, lr: 1e-12, weightDecay: 0, warmupRatio: 0, schedule: 'constant', maxGradNorm: 1,
      optimizer: { name: 'adamw', betas: [0.9, 0.999], eps: 1e-8 },
    },
    data: { train, dev },
    backend: { name: backend, threads: 1, deterministic: true, device: 'cpu' },
  });
  const run = (backend: OrtBackend | TorchBackend, name: 'ort' | 'torch'): Promise<BackendRunOutput> =>
    backend.run({ spec: spec(name), modelDir: model.dir, signal: new AbortController().signal, onStep: () => {} });
  const ort = await run(new OrtBackend(), 'ort');
  const torch = await run(new TorchBackend(), 'torch');
  const a = ort.devLm!;
  const b = torch.devLm!;
  assert.deepEqual(a.tokenCounts, RESPONSES, 'the response tokens are scored, the prompt is not');
  assert.deepEqual(b.tokenCounts, a.tokenCounts);
  let worst = 0;
  a.nllSums.forEach((nll, i) => {
    const rel = Math.abs(nll - b.nllSums[i]!) / Math.abs(b.nllSums[i]!);
    worst = Math.max(worst, rel);
    assert.ok(rel < 1e-3, `example ${i}: ort ${nll}, torch ${b.nllSums[i]} (relative ${rel})`);
  });
  t.diagnostic(`max relative NLL-sum difference ${worst.toExponential(2)}`);
  assert.ok(a.generations !== undefined && b.generations !== undefined, 'selection on exact_match makes both generate on dev');
  assert.equal(a.generations.length, PROMPTS.length);
  assert.ok(a.generations.some((g) => g.length > 0), `generations: ${JSON.stringify(a.generations)}`);
  assert.deepEqual(b.generations, a.generations);
});
