/**
 * Parity of the two engines (issue 7, "Parity"): the `ort` engine and the torch worker, given the
 * same tiny random model (src/models/tiny.ts, dropout off), the same token ids (a tokenized split
 * of exactly one batch), the same initial parameters (one safetensors file, the worker's
 * `initParams`) and the same optimiser settings, give the same loss at each of the first 20 steps
 * (relative difference < 1e-3) and the same gradients at step 0 (absolute difference < 1e-4), for
 * loreft, direft, nodireft, lora, bitfit and full, on an encoder (RoBERTa) and a decoder (LLaMA,
 * causal LM), and LoReFT once more on the decoder with prompts (response-only loss, positions in
 * each prompt, as both backends run causal-LM tasks). bitfit has nothing to train on the tiny LLaMA
 * (no biases), so it runs on the encoder only. LoReFT's and DiReFT's R is trained through torch's Householder parametrization on both
 * engines, from the same X (`rotate.original`) and base (`rotate.base`), so AdamW updates the same
 * tensor and the compared step-0 gradient is dL/dX.
 *
 * Skipped only when the torch environment is missing (`npm run setup:torch` creates it).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { REPO_ROOT } from '../../src/repo-root.ts';
import { decodeSafetensors, encodeSafetensors } from '../../src/models/safetensors.ts';
import { writeParityModel, type ParityFamily } from './parity-fixture.ts';
import { workerName } from './parity-names.ts';
import { compareCase, prepareCase, readWorkerEvents, runWorkerJobs, type ParityCase, type ParityMeasure, type PreparedCase, type WorkerJob } from './parity-run.ts';

const PYTHON = join(REPO_ROOT, '.venv', 'bin', 'python');
const skip = existsSync(PYTHON) ? false : `no torch environment at ${PYTHON}: run \`npm run setup:torch\` to create it`;

const LOSS_REL_TOLERANCE = 1e-3;
const GRAD_ABS_TOLERANCE = 1e-4;

const REFT = { rank: 4, positions: 'f2+l2', tied: false };
const CASES: ParityCase[] = (['encoder', 'decoder'] as ParityFamily[]).flatMap((family) => [
  { family, kind: 'loreft', config: REFT, lr: 1e-2 },
  { family, kind: 'direft', config: REFT, lr: 1e-2 },
  { family, kind: 'nodireft', config: REFT, lr: 1e-2 },
  { family, kind: 'lora', config: { rank: 4, alpha: 8 }, lr: 1e-2 },
  ...(family === 'encoder' ? [{ family, kind: 'bitfit', config: {}, lr: 1e-2 } satisfies ParityCase] : []),
  { family, kind: 'full', config: {}, lr: 1e-3 },
  // A causal LM with prompts: response-only loss, and ReFT positions counted in each prompt (short prompts included).
  ...(family === 'decoder' ? [{ family, kind: 'loreft', config: REFT, lr: 1e-2, prompts: true } satisfies ParityCase] : []),
]);

const label = (c: ParityCase): string => `${c.family} ${c.kind}${c.prompts === true ? ' on prompts' : ''}`;

describe('ort engine vs torch worker', { skip }, () => {
  let scratch = '';
  const prepared = new Map<string, PreparedCase>();
  const measured = new Map<string, ParityMeasure>();
  const exitCodes = new Map<string, number>();
  let incomplete: { job: WorkerJob; missing: string; code: number } | undefined;
  let noBase: { job: WorkerJob; missing: string; code: number } | undefined;

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'reftbench-parity-'));
    for (const family of ['encoder', 'decoder'] as const) {
      const model = writeParityModel(scratch, family);
      for (const c of CASES.filter((x) => x.family === family)) prepared.set(label(c), await prepareCase(scratch, model, c));
    }
    // Bad input beside the good: an initParams file that lacks one trainable tensor.
    const lora = prepared.get('encoder lora')!.job;
    const spec = JSON.parse(readFileSync(lora.specPath, 'utf8')) as { initParams: string };
    const tensors = decodeSafetensors(readFileSync(spec.initParams), spec.initParams).tensors;
    const missing = [...tensors.keys()].find((k) => k.includes('lora_A'))!;
    tensors.delete(missing);
    spec.initParams = join(scratch, 'init-incomplete.safetensors');
    writeFileSync(spec.initParams, encodeSafetensors(tensors, { format: 'pt' }));
    const badJob = { specPath: join(scratch, 'spec-incomplete.json'), gradsPath: join(scratch, 'grads-incomplete.safetensors'), eventsPath: join(scratch, 'events-incomplete.jsonl') };
    writeFileSync(badJob.specPath, JSON.stringify(spec));

    // And a LoReFT file with R's parametrization half given: X without its base.
    const loreft = prepared.get('decoder loreft')!.job;
    const reftSpec = JSON.parse(readFileSync(loreft.specPath, 'utf8')) as { initParams: string };
    const reftTensors = decodeSafetensors(readFileSync(reftSpec.initParams), reftSpec.initParams).tensors;
    const baseName = [...reftTensors.keys()].find((k) => k.endsWith('.rotate.base'))!;
    reftTensors.delete(baseName);
    reftSpec.initParams = join(scratch, 'init-no-base.safetensors');
    writeFileSync(reftSpec.initParams, encodeSafetensors(reftTensors, { format: 'pt' }));
    const noBaseJob = { specPath: join(scratch, 'spec-no-base.json'), gradsPath: join(scratch, 'grads-no-base.safetensors'), eventsPath: join(scratch, 'events-no-base.jsonl') };
    writeFileSync(noBaseJob.specPath, JSON.stringify(reftSpec));

    const names = [...prepared.keys()];
    const codes = await runWorkerJobs(PYTHON, [...[...prepared.values()].map((p) => p.job), badJob, noBaseJob]);
    names.forEach((name, i) => exitCodes.set(name, codes[i]!));
    incomplete = { job: badJob, missing, code: codes[names.length]! };
    noBase = { job: noBaseJob, missing: baseName, code: codes[names.length + 1]! };
    for (const [name, p] of prepared) if (codes[names.indexOf(name)] === 0) measured.set(name, compareCase(p));
  }, { timeout: 600_000 });

  after(() => {
    if (scratch !== '') rmSync(scratch, { recursive: true, force: true });
  });

  for (const c of CASES) {
    test(`${label(c)}: the same gradients at step 0 (< ${GRAD_ABS_TOLERANCE})`, () => {
      assert.equal(exitCodes.get(label(c)), 0, `the worker failed: ${JSON.stringify(readWorkerEvents(prepared.get(label(c))!.job.eventsPath).at(-1))}`);
      const m = measured.get(label(c))!;
      assert.ok(m.tensors > 0);
      assert.ok(m.maxGradMagnitude > 100 * GRAD_ABS_TOLERANCE, `gradients too small to compare (${m.maxGradMagnitude})`);
      assert.ok(m.maxGradAbs < GRAD_ABS_TOLERANCE, `max |Δg| = ${m.maxGradAbs} in ${m.worstGrad}`);
    });

    test(`${label(c)}: the same loss at each of the first 20 steps (relative < ${LOSS_REL_TOLERANCE})`, (t) => {
      const m = measured.get(label(c));
      assert.ok(m, 'the worker failed (see the gradient test)');
      t.diagnostic(`max relative loss difference ${m.maxLossRel.toExponential(2)}, max |Δg| at step 0 ${m.maxGradAbs.toExponential(2)} (largest |g| ${m.maxGradMagnitude.toExponential(2)})`);
      assert.equal(m.torchLosses.length, 20);
      assert.equal(m.ortLosses.length, 20);
      // The run must actually learn, or equal losses would prove little.
      assert.ok(m.ortLosses[19]! < 0.95 * m.ortLosses[0]!, `loss ${m.ortLosses[0]} → ${m.ortLosses[19]}`);
      assert.ok(m.maxLossRel < LOSS_REL_TOLERANCE, `max relative loss difference ${m.maxLossRel}: ort ${m.ortLosses.join(', ')} / torch ${m.torchLosses.join(', ')}`);
    });
  }

  test('an initParams file lacking a trainable tensor: the worker stops with a user error naming it (exit 2)', () => {
    assert.ok(incomplete);
    assert.equal(incomplete.code, 2);
    const last = readWorkerEvents(incomplete.job.eventsPath).at(-1)!;
    assert.equal(last.type, 'error');
    assert.equal(last.kind, 'user');
    assert.match(last.message ?? '', /initParams/);
    assert.ok((last.message ?? '').includes(incomplete.missing), last.message);
    assert.equal(existsSync(incomplete.job.gradsPath), false);
  });

  test('a LoReFT initParams file with rotate.original but no rotate.base: a user error naming the base (exit 2)', () => {
    assert.ok(noBase);
    assert.equal(noBase.code, 2);
    const last = readWorkerEvents(noBase.job.eventsPath).at(-1)!;
    assert.equal(last.type, 'error');
    assert.equal(last.kind, 'user');
    assert.match(last.message ?? '', /initParams/);
    assert.ok((last.message ?? '').includes(noBase.missing.replace(/^reft\./, '')), last.message);
    assert.equal(existsSync(noBase.job.gradsPath), false);
  });

  test('the comparison notices a wrong gradient', () => {
    const p = prepared.get('encoder lora')!;
    const [name, grad] = [...p.ortGrads].find(([, g]) => g.some((v) => v !== 0))!;
    const tampered = new Map(p.ortGrads);
    tampered.set(name, grad.map((v, i) => (i === 0 ? v + 1e-3 : v)));
    const m = compareCase({ ...p, ortGrads: tampered });
    assert.ok(m.maxGradAbs > GRAD_ABS_TOLERANCE);
    assert.equal(m.worstGrad, name);
  });

  test('the comparison notices a different loss curve', () => {
    const p = prepared.get('encoder full')!;
    const m = compareCase({ ...p, ortLosses: p.ortLosses.map((l, i) => (i === 7 ? l * 1.01 : l)) });
    assert.ok(m.maxLossRel > LOSS_REL_TOLERANCE);
  });
});

describe('parameter names between the engines', () => {
  test('ReFT, LoRA, head and decoder base names map to the worker contract', () => {
    assert.deepEqual(workerName('method.reft.layer1.0.rotate', 'encoder', 'loreft'), { name: 'reft.layers.1.0.rotate', transposed: true });
    assert.deepEqual(workerName('method.reft.layer1.0.rotate.original', 'encoder', 'loreft'), { name: 'reft.layers.1.0.rotate.original', transposed: false });
    assert.deepEqual(workerName('method.reft.layer0.1.rotate.base', 'decoder', 'direft'), { name: 'reft.layers.0.1.rotate.base', transposed: false });
    assert.deepEqual(workerName('method.reft.layer1.1.rotate', 'encoder', 'nodireft'), { name: 'reft.layers.1.1.proj.weight', transposed: false });
    assert.deepEqual(workerName('method.lora.layers.0.self_attn.q_proj.A', 'decoder', 'lora'), { name: 'model.layers.0.self_attn.q_proj.lora_A.weight', transposed: false });
    assert.deepEqual(workerName('classifier.out_proj.bias', 'encoder', 'full'), { name: 'head.out.bias', transposed: false });
    assert.deepEqual(workerName('lm_head.weight', 'decoder', 'full'), { name: 'lm_head.weight', transposed: false });
    assert.deepEqual(workerName('norm.weight', 'decoder', 'full'), { name: 'model.norm.weight', transposed: false });
  });

  test('an ort method parameter without a known worker name is refused', () => {
    assert.throws(() => workerName('method.dora.layers.0.self_attn.q_proj.m', 'decoder', 'dora'), /no worker name known/);
  });
});
