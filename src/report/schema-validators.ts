/**
 * ajv validators for result files and reports, built once from schemas/ (run-spec, result, report),
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

let cached: { result: ValidateFunction<RunResult>; report: ValidateFunction<Report> } | undefined;

function validators() {
  if (!cached) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addSchema(loadSchema('run-spec.schema.json'));
    ajv.addSchema(loadSchema('result.schema.json'));
    ajv.addSchema(loadSchema('report.schema.json'));
    cached = {
      result: ajv.getSchema<RunResult>('https://reftbench.dev/schemas/result.schema.json')!,
      report: ajv.getSchema<Report>('https://reftbench.dev/schemas/report.schema.json')!,
    };
  }
  return cached;
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
  const validate = validators().result;
  return validate(value) ? { ok: true, value } : { ok: false, problems: describeErrors(validate.errors) };
}

export function validateReport(value: unknown): { ok: true; value: Report } | { ok: false; problems: string[] } {
  const validate = validators().report;
  return validate(value) ? { ok: true, value } : { ok: false, problems: describeErrors(validate.errors) };
}
