/**
 * ajv validators for result files and reports, built from schemas/ (run-spec, result, report) once each, when first needed,
 * with error lines that name the JSON pointer of each problem.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { RunResult } from '../types/result.ts';
import type { Report } from '../types/report.ts';

const Ajv = AjvModule.default ?? AjvModule;
const schemaDir = new URL('../../schemas/', import.meta.url);

function loadSchema(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(fileURLToPath(new URL(name, schemaDir)), 'utf8')) as Record<string, unknown>;
}

let shared: InstanceType<typeof Ajv> | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The validator of one schema, compiled on first use (loading results never compiles the report schema). */
function validatorFor<T>(id: string): ValidateFunction<T> {
  let validate = compiled.get(id);
  if (!validate) {
    if (!shared) {
      shared = new Ajv({ allErrors: true, strict: false });
      shared.addSchema(loadSchema('run-spec.schema.json'));
      shared.addSchema(loadSchema('result.schema.json'));
      shared.addSchema(loadSchema('report.schema.json'));
    }
    validate = shared.getSchema(id)!;
    compiled.set(id, validate);
  }
  return validate as ValidateFunction<T>;
}

/** One line per problem: "<pointer>: <what is wrong>" (at most 10, then a count). */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  const lines = (errors ?? [])
    .filter((e) => e.keyword !== 'if' && e.keyword !== 'anyOf')
    .map((e) => {
      const where = e.instancePath === '' ? '(top level)' : e.instancePath;
      const extra = e.keyword === 'additionalProperties' ? ` "${String((e.params as { additionalProperty?: string }).additionalProperty)}"` : '';
      return `${where}: ${e.message ?? e.keyword}${extra}`;
    });
  const unique = [...new Set(lines)];
  return unique.length > 10 ? [...unique.slice(0, 10), `... and ${unique.length - 10} more`] : unique;
}

export function validateResult(value: unknown): { ok: true; value: RunResult } | { ok: false; problems: string[] } {
  const validate = validatorFor<RunResult>('https://reftbench.dev/schemas/result.schema.json');
  return validate(value) ? { ok: true, value } : { ok: false, problems: describeErrors(validate.errors) };
}

export function validateReport(value: unknown): { ok: true; value: Report } | { ok: false; problems: string[] } {
  const validate = validatorFor<Report>('https://reftbench.dev/schemas/report.schema.json');
  return validate(value) ? { ok: true, value } : { ok: false, problems: describeErrors(validate.errors) };
}
