/**
 * Validators for result files and reports: ajv's standalone code generated from schemas/ by
 * `npm run gen:types` (src/types/validators.generated.mjs, held to the schemas by a drift test),
 * so nothing is compiled at run time; with error lines that name the JSON pointer of each problem.
 */
import type { ErrorObject } from 'ajv';
import type { RunResult } from '../types/result.ts';
import type { Report } from '../types/report.ts';
import { validateReport as reportValidator, validateResult as resultValidator } from '../types/validators.generated.mjs';

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
  return resultValidator(value) ? { ok: true, value } : { ok: false, problems: describeErrors(resultValidator.errors) };
}

export function validateReport(value: unknown): { ok: true; value: Report } | { ok: false; problems: string[] } {
  return reportValidator(value) ? { ok: true, value } : { ok: false, problems: describeErrors(reportValidator.errors) };
}
