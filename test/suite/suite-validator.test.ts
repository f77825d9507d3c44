// The generated standalone suite validator (src/types/suite-validator.generated.mjs) and ajv
// compiling schemas/suite.schema.json at run time, with schema-check.ts's options, give the same
// verdict and the same errors on every shipped suite and every suite fixture, good and bad.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import AjvModule from 'ajv';
import { parse, type ParseError } from 'jsonc-parser';
import { validateSuite } from '../../src/types/suite-validator.generated.mjs';
import { REPO_ROOT } from '../../src/repo-root.ts';

const Ajv = AjvModule.default ?? AjvModule;
const schema = JSON.parse(readFileSync(join(REPO_ROOT, 'schemas', 'suite.schema.json'), 'utf8')) as object;
const atRunTime = new Ajv({ allErrors: true, verbose: true, strict: false }).compile(schema);

const dirs = ['suites', 'test/fixtures/suites/good', 'test/fixtures/suites/bad'];
const files = dirs.flatMap((d) => readdirSync(join(REPO_ROOT, d)).filter((f) => f.endsWith('.json') && f !== 'expected.json').map((f) => join(d, f)));

test('the generated suite validator agrees with ajv at run time on every suite file', () => {
  let valid = 0;
  let invalid = 0;
  for (const file of files) {
    const errors: ParseError[] = [];
    const value: unknown = parse(readFileSync(join(REPO_ROOT, file), 'utf8'), errors, { allowTrailingComma: false });
    if (errors.length > 0) continue; // a syntax-error fixture never reaches the schema
    const generated = validateSuite(value);
    assert.equal(generated, atRunTime(value), file);
    const summary = (e: typeof atRunTime.errors) => (e ?? []).map((x) => `${x.instancePath} ${x.keyword} ${JSON.stringify(x.params)}`);
    assert.deepEqual(summary(validateSuite.errors), summary(atRunTime.errors), file);
    if (generated) valid++;
    else invalid++;
  }
  assert.ok(valid >= 5 && invalid >= 10, `${valid} valid and ${invalid} schema-invalid files: the comparison needs both kinds`);
});
