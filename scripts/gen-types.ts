/**
 * Regenerates `src/types/<name>.ts` from every `schemas/<name>.schema.json` with
 * json-schema-to-typescript, `src/types/validators.generated.mjs`: ajv's standalone validators
 * of results and reports (compiling them at run time cost every `report` and `check` ~0.2 s), and
 * `src/types/suite-validator.generated.mjs`, the suite schema's.
 * The output is deterministic (fixed banner, fixed formatting), so a test can regenerate in memory
 * and compare with the committed files (`test/suite/generated-types.test.ts`).
 *
 *   npm run gen:types            writes src/types/
 *   npm run gen:types -- --check exits 1 and lists the files that differ, writing nothing
 */
import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvModule from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import { compile, type JSONSchema } from 'json-schema-to-typescript';

const Ajv = AjvModule.default ?? AjvModule;
const standaloneCode = standaloneModule.default ?? standaloneModule;

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '..');
const schemaDir = join(repoRoot, 'schemas');
const typesDir = join(repoRoot, 'src', 'types');

/** One generated file: where it goes and what it holds. */
export interface GeneratedFile {
  schemaFile: string;
  outFile: string;
  text: string;
}

function bannerFor(schemaFile: string): string {
  return [
    '/**',
    ` * GENERATED from schemas/${schemaFile} by scripts/gen-types.ts (npm run gen:types).`,
    ' * Do not edit by hand: change the schema and regenerate. A test fails when this file drifts.',
    ' */',
  ].join('\n');
}

/** `run-spec.schema.json` → `run-spec.ts`. */
function outNameFor(schemaFile: string): string {
  return schemaFile.replace(/\.schema\.json$/, '.ts');
}

/** Generates the TypeScript text of every schema (pure apart from reading the schema files). */
export async function generateAll(): Promise<GeneratedFile[]> {
  const files = readdirSync(schemaDir)
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
  const out: GeneratedFile[] = [];
  for (const schemaFile of files) {
    const schema = JSON.parse(readFileSync(join(schemaDir, schemaFile), 'utf8')) as JSONSchema;
    const title = typeof schema.title === 'string' ? schema.title : outNameFor(schemaFile).replace(/\.ts$/, '');
    const text = await compile(schema, title, {
      bannerComment: bannerFor(schemaFile),
      cwd: schemaDir,
      additionalProperties: false,
      unreachableDefinitions: true,
      strictIndexSignatures: true,
      ignoreMinAndMaxItems: true,
      format: true,
      style: { singleQuote: true, printWidth: 110, trailingComma: 'all', endOfLine: 'lf' },
      $refOptions: { resolve: { http: false } } as never,
    });
    out.push({ schemaFile, outFile: join(typesDir, outNameFor(schemaFile)), text });
  }
  out.push(generateValidators(), generateSuiteValidator());
  return out;
}

/** What the standalone validators module exports: export name → schema $id. */
export const STANDALONE_VALIDATORS = {
  validateResult: 'https://reftbench.dev/schemas/result.schema.json',
  validateReport: 'https://reftbench.dev/schemas/report.schema.json',
} as const;

/**
 * ajv's standalone code for results and reports, with the options src/report/schema-validators.ts
 * documents (allErrors, strict off). ajv's ESM output still calls `require` for two runtime helpers,
 * so the module defines it with createRequire.
 */
function generateValidators(): GeneratedFile {
  const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } });
  for (const name of ['run-spec', 'result', 'report']) ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, `${name}.schema.json`), 'utf8')) as object);
  const text = [
    '// GENERATED from schemas/result.schema.json and schemas/report.schema.json (with run-spec.schema.json)',
    '// by scripts/gen-types.ts (npm run gen:types): ajv standalone validators. Do not edit by hand.',
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    standaloneCode(ajv, { ...STANDALONE_VALIDATORS }),
    '',
  ].join('\n');
  return { schemaFile: 'result.schema.json', outFile: join(typesDir, 'validators.generated.mjs'), text };
}

/**
 * ajv's standalone code for suites, with the options of src/suite/schema-check.ts (allErrors,
 * verbose, strict off), in a module of its own so that `validate`, `plan` and `run` load nothing
 * else: compiling the suite schema at run time cost each of them ~0.15 s. schema-check.ts still
 * compiles the schema when a suite is invalid, to take apart its anyOf alternatives.
 */
function generateSuiteValidator(): GeneratedFile {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, code: { source: true, esm: true } });
  const schema = JSON.parse(readFileSync(join(schemaDir, 'suite.schema.json'), 'utf8')) as { $id: string };
  ajv.addSchema(schema);
  const text = [
    '// GENERATED from schemas/suite.schema.json by scripts/gen-types.ts (npm run gen:types): ajv standalone',
    '// validator. Do not edit by hand.',
    "import { createRequire } from 'node:module';",
    'const require = createRequire(import.meta.url);',
    standaloneCode(ajv, { validateSuite: schema.$id }),
    '',
  ].join('\n');
  return { schemaFile: 'suite.schema.json', outFile: join(typesDir, 'suite-validator.generated.mjs'), text };
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const generated = await generateAll();
  const stale = generated.filter((g) => !existsSync(g.outFile) || readFileSync(g.outFile, 'utf8') !== g.text);
  if (check) {
    for (const g of stale) process.stderr.write(`out of date: ${g.outFile} (run npm run gen:types)\n`);
    return stale.length === 0 ? 0 : 1;
  }
  mkdirSync(typesDir, { recursive: true });
  for (const g of stale) {
    writeFileSync(g.outFile, g.text);
    process.stdout.write(`wrote ${g.outFile}\n`);
  }
  if (stale.length === 0) process.stdout.write('src/types/ is up to date\n');
  return 0;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2));
}
