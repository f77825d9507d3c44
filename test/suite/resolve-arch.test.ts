/**
 * A model's architecture from a preset and the suite's inline `arch` overrides, checked against a
 * local directory's config.json: what the two together claim must match the directory.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { archPreset } from '../../src/models/presets.ts';
import { resolveModelArch } from '../../src/suite/resolve-arch.ts';
import type { SuiteModel } from '../../src/types/suite.ts';

/** all-MiniLM-L6-v2 cut to its first two layers (config.json's num_hidden_layers lowered to 2). */
const cutDir = { ...archPreset('all-MiniLM-L6-v2'), numLayers: 2 };

function model(extra: Partial<SuiteModel>): SuiteModel {
  return { id: 'minilm-2', source: './minilm-2', family: 'encoder', preset: 'all-MiniLM-L6-v2', ...extra };
}

test('a preset whose `arch` overrides make it match the local directory is accepted', () => {
  const out = resolveModelArch(model({ arch: { numLayers: 2 } }), '/models/0', cutDir);
  assert.deepEqual(out.issues, []);
  assert.deepEqual(out.arch, cutDir);
});

test('a preset that disagrees with the local directory, even after the overrides, is refused naming the field', () => {
  const bare = resolveModelArch(model({}), '/models/0', cutDir);
  assert.equal(bare.arch, undefined);
  assert.equal(bare.issues[0]!.pointer, '/models/0/preset');
  assert.match(bare.issues[0]!.text, /preset "all-MiniLM-L6-v2" disagrees with the model directory's config\.json \(preset vs config: numLayers 6 vs 2\)/);
  const wrong = resolveModelArch(model({ arch: { numLayers: 3 } }), '/models/0', cutDir);
  assert.match(wrong.issues[0]!.text, /preset vs config: numLayers 3 vs 2\)/);
});
