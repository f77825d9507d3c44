/** The committed src/types/ must equal a fresh generation from schemas/ (DESIGN.md: types never drift). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { relative } from 'node:path';
import { generateAll, repoRoot } from '../../scripts/gen-types.ts';
import type { ArchConfig as GeneratedArch } from '../../src/types/run-spec.ts';
import type { ArchConfig } from '../../src/models/arch.ts';

test('committed src/types/ match a fresh generation from schemas/', async () => {
  const generated = await generateAll();
  assert.ok(generated.some((g) => g.schemaFile === 'suite.schema.json'), 'suite schema missing');
  for (const g of generated) {
    const where = relative(repoRoot, g.outFile);
    assert.ok(existsSync(g.outFile), `${where} is missing: run npm run gen:types`);
    assert.equal(readFileSync(g.outFile, 'utf8'), g.text, `${where} differs from schemas/${g.schemaFile}: run npm run gen:types`);
  }
});

test('generation is deterministic', async () => {
  const a = await generateAll();
  const b = await generateAll();
  assert.deepEqual(a, b);
});

test('the run spec ArchConfig mirrors src/models/arch.ts field for field', () => {
  // Compile-time check both ways: adding or changing a field on one side breaks type-checking here.
  const fromModels = (a: ArchConfig): GeneratedArch => a;
  const fromSchema = (a: GeneratedArch): ArchConfig => a;
  const keys: Record<keyof ArchConfig, true> & Record<keyof GeneratedArch, true> = {
    family: true, modelType: true, vocabSize: true, hiddenSize: true, numLayers: true, numHeads: true,
    numKvHeads: true, intermediateSize: true, maxPositions: true, typeVocabSize: true, hiddenAct: true,
    normEps: true, ropeTheta: true, tieWordEmbeddings: true, positionOffset: true, padTokenId: true,
    linearBias: true,
  };
  const schema = JSON.parse(readFileSync(`${repoRoot}/schemas/run-spec.schema.json`, 'utf8')) as {
    definitions: { ArchConfig: { required: string[] } };
  };
  assert.deepEqual([...schema.definitions.ArchConfig.required].sort(), Object.keys(keys).sort());
  assert.equal(typeof fromModels, 'function');
  assert.equal(typeof fromSchema, 'function');
});
