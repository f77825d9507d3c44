/**
 * ajv's constructor, loaded on first use. ajv is some fifty CommonJS modules (about 50 ms to load);
 * commands that only run generated standalone validators (src/types/*.generated.mjs) never compile
 * a schema, so they should not pay for loading the compiler.
 */
import { createRequire } from 'node:module';
import type AjvModule from 'ajv';

type AjvClass = typeof AjvModule.default;

let loaded: AjvClass | undefined;

export function ajvClass(): AjvClass {
  if (loaded === undefined) {
    const module = createRequire(import.meta.url)('ajv') as typeof AjvModule;
    loaded = (module.default ?? module) as AjvClass;
  }
  return loaded;
}
