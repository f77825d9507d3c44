/** Where methods act: pyreft positions, layer selections and target-module lists, with their bad inputs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { intervenedPositions, interventionsPerLayer, parsePositions } from '../../src/methods/positions.ts';
import { resolveLayers } from '../../src/methods/layer-selection.ts';
import { resolveTargets } from '../../src/methods/targets.ts';
import { resolveHparams } from '../../src/methods/resolve-hparams.ts';
import { methods } from '../../src/methods/registry.ts';
import { archPreset } from '../../src/models/presets.ts';

test('positions: f<n>, l<n> and f<n>+l<n>', () => {
  assert.deepEqual(parsePositions('f7+l7'), { first: 7, last: 7 });
  assert.deepEqual(parsePositions('f1'), { first: 1, last: 0 });
  assert.deepEqual(parsePositions('l5'), { first: 0, last: 5 });
  for (const bad of ['', 'f0', 'l7+f7', 'f1+', '+l1', 'x3', 'f1l1', 'f01']) assert.equal(parsePositions(bad), undefined, bad);
});

test('positions on a short sequence follow pyreft: first = min(n//2, f), last = min(n//2, l)', () => {
  const p = { first: 3, last: 3 };
  assert.equal(intervenedPositions(p, 10), 6);
  assert.equal(intervenedPositions(p, 5), 4);
  assert.equal(intervenedPositions(p, 1), 0);
  assert.equal(interventionsPerLayer(p, false), 2);
  assert.equal(interventionsPerLayer(p, true), 1);
  assert.equal(interventionsPerLayer({ first: 0, last: 3 }, false), 1);
});

test('layer selections resolve against the model, and out-of-range ones say why', () => {
  assert.deepEqual(resolveLayers('all', 4), { ok: true, layers: [0, 1, 2, 3] });
  assert.deepEqual(resolveLayers('top2', 4), { ok: true, layers: [2, 3] });
  assert.deepEqual(resolveLayers('bottom1', 4), { ok: true, layers: [0] });
  assert.deepEqual(resolveLayers('9;3;18;3', 32), { ok: true, layers: [3, 9, 18] });
  assert.deepEqual(resolveLayers('3;14', 12), { ok: false, reason: 'out-of-range', layer: 14, numLayers: 12 });
  assert.deepEqual(resolveLayers('top13', 12), { ok: false, reason: 'too-many', wanted: 13, numLayers: 12 });
  assert.deepEqual(resolveLayers('3,4', 12), { ok: false, reason: 'malformed' });
});

test('target lists: shorthands expand per architecture; a layer the model lacks is named', () => {
  const roberta = archPreset('roberta-base');
  const llama = archPreset('llama-2-7b');
  assert.deepEqual(resolveTargets('all-linear', roberta), { ok: true, targets: ['query', 'key', 'value', 'output', 'up', 'down'] });
  assert.deepEqual(resolveTargets('ffn', llama), { ok: true, targets: ['gate', 'up', 'down'] });
  assert.deepEqual(resolveTargets('value,query', roberta), { ok: true, targets: ['query', 'value'] });
  assert.deepEqual(resolveTargets('gate', roberta), { ok: false, missing: 'gate' });
});

test('resolving hyperparameters fills defaults, every block by default, and refuses a rank above d for ReFT', () => {
  const tiny = { ...archPreset('roberta-base'), hiddenSize: 8, numLayers: 3, numHeads: 2, numKvHeads: 2 };
  const r = resolveHparams(methods.loreft, {}, tiny);
  assert.ok(r.ok);
  assert.deepEqual(r.hparams, { rank: 4, positions: 'l1', tied: false, dropout: 0, act: 'identity', layers: [0, 1, 2] });
  assert.deepEqual(resolveHparams(methods.loreft, { rank: 9 }, tiny), { ok: false, problem: { name: 'rank', rank: 9, max: 8 } });
  // LoRA's rank is not bounded by d; unknown keys (training hyperparameters) are ignored here.
  assert.ok(resolveHparams(methods.lora, { rank: 9, lr: 0.1 }, tiny).ok);
});
