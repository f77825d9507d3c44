/**
 * ajv, loaded on first use. ajv is some fifty CommonJS modules (about 50 ms to load); commands that
 * only run generated standalone validators (src/types/*.generated.mjs) never compile a schema, so
 * they should not pay for loading the compiler.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type AjvModule from 'ajv';
import type { ValidateFunction } from 'ajv';
import { repoPath } from './repo-root.ts';

type AjvClass = typeof AjvModule.default;

let loaded: AjvClass | undefined;

export function ajvClass(): AjvClass {
  if (loaded === undefined) {
    const module = createRequire(import.meta.url)('ajv') as typeof AjvModule;
    loaded = (module.default ?? module) as AjvClass;
  }
  return loaded;
}

const compiled = new Map<string, ValidateFunction>();

/** The validator of schemas/<file> (all errors, strict off), compiled on first use and kept. */
export function schemaValidator(file: string): ValidateFunction {
  let validate = compiled.get(file);
  if (validate === undefined) {
    const Ajv = ajvClass();
    validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(repoPath('schemas', file), 'utf8')) as object);
    compiled.set(file, validate);
  }
  return validate;
}
