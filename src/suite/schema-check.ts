/**
 * Checks a parsed suite against schemas/suite.schema.json with ajv (all errors at once) and turns
 * ajv's errors into one clear SuiteIssue each: unknown fields and values get a did-you-mean hint,
 * failed `anyOf` alternatives are reduced to the alternative the value was evidently meant as.
 * A suite that conforms is checked by the generated standalone validator alone; ajv itself is
 * loaded, and the schema compiled, only to explain a suite that does not.
 */
import { readFileSync } from 'node:fs';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { suiteMessages as msg } from '../messages/suite.ts';
import { ajvClass } from '../lazy-ajv.ts';
import { repoPath } from '../repo-root.ts';
import { didYouMean } from './did-you-mean.ts';
import { childPointer, type SuiteIssue } from './issue.ts';
import { validateSuite } from '../types/suite-validator.generated.mjs';

const schemaPath = repoPath('schemas', 'suite.schema.json');

type Schema = Record<string, unknown>;

interface Checker {
  schema: Schema;
  id: string;
  validate: ValidateFunction;
  /** Validator for one anyOf alternative (local `$ref`s are resolved against the suite schema). */
  branch(alternative: Schema): ValidateFunction;
}

let cached: Checker | undefined;

function checker(): Checker {
  if (cached) return cached;
  const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Schema;
  const id = String(schema.$id);
  const Ajv = ajvClass();
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: false });
  ajv.addSchema(schema);
  const branches = new Map<string, ValidateFunction>();
  cached = {
    schema,
    id,
    validate: ajv.getSchema(id)!,
    branch(alternative) {
      const key = JSON.stringify(alternative);
      let v = branches.get(key);
      if (!v) {
        v = ajv.compile(absoluteRefs(alternative, id) as Schema);
        branches.set(key, v);
      }
      return v;
    },
  };
  return cached;
}

/** A copy of `node` whose local `#/…` refs point into the schema with `$id` = `id`. */
function absoluteRefs(node: unknown, id: string): unknown {
  if (Array.isArray(node)) return node.map((n) => absoluteRefs(n, id));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `${id}${v}` : absoluteRefs(v, id)]),
  );
}

/** Resolves a local `#/a/b` pointer (or a `$ref` to one) inside the suite schema. */
function schemaAt(root: Schema, pointer: string): Schema {
  let node: unknown = root;
  for (const seg of pointer.replace(/^#\/?/, '').split('/').filter((s) => s !== '')) {
    node = (node as Record<string, unknown>)[seg];
  }
  const s = node as Schema;
  return typeof s.$ref === 'string' ? schemaAt(root, s.$ref) : s;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

const typeWords: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'a string',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

function describeValue(value: unknown): string {
  const t = jsonType(value);
  if (t === 'object' || t === 'array') return typeWords[t]!;
  return `${typeWords[t]} (${JSON.stringify(value)})`;
}

function acceptsType(branch: Schema, t: string): boolean {
  const declared = branch.type;
  if (declared === undefined) return typeof branch.pattern === 'string' ? t === 'string' : true;
  const types = Array.isArray(declared) ? (declared as string[]) : [declared as string];
  return types.includes(t) || (t === 'integer' && types.includes('number'));
}

function issueFor(e: ErrorObject): SuiteIssue {
  const pointer = e.instancePath;
  const parent = (e.parentSchema ?? {}) as Schema;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String((e.params as { additionalProperty: string }).additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as Schema);
      return { pointer: childPointer(pointer, name), text: msg.unknownField(name, allowed, didYouMean(name, allowed)), atKey: true };
    }
    case 'required':
      return { pointer, text: msg.missingField(String((e.params as { missingProperty: string }).missingProperty)) };
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      const strings = allowed.filter((a): a is string => typeof a === 'string');
      const hint = typeof e.data === 'string' ? didYouMean(e.data, strings) : undefined;
      if (/^\/tuning\/select\/split$/.test(pointer) && e.data === 'test') return { pointer, text: msg.selectOnTest() };
      if (/^\/tasks\/[0-9]+\/split\/dev\/of$/.test(pointer) && e.data === 'test') return { pointer, text: msg.devFromTest() };
      if (/^\/methods\/[0-9]+\/kind$/.test(pointer)) return { pointer, text: msg.unknownMethodKind(e.data, strings, hint) };
      return { pointer, text: msg.notOneOf(e.data, allowed, hint) };
    }
    case 'type': {
      const expected = String((e.params as { type: string }).type)
        .split(',')
        .map((t) => typeWords[t] ?? t)
        .join(' or ');
      return { pointer, text: msg.wrongType(expected, describeValue(e.data)) };
    }
    case 'pattern':
      if (pointer === '/$schema') return { pointer, text: msg.schemaPointer(e.data) };
      return { pointer, text: msg.badPattern(e.data, typeof parent.description === 'string' ? parent.description : undefined) };
    case 'minimum':
    case 'exclusiveMinimum':
      return { pointer, text: msg.tooSmall(e.data, Number((e.params as { limit: number }).limit), e.keyword === 'exclusiveMinimum') };
    case 'maximum':
    case 'exclusiveMaximum':
      return { pointer, text: msg.tooLarge(e.data, Number((e.params as { limit: number }).limit), e.keyword === 'exclusiveMaximum') };
    case 'minItems':
      return { pointer, text: msg.tooFewItems(Number((e.params as { limit: number }).limit)) };
    case 'maxItems':
      return { pointer, text: msg.tooManyItems(Number((e.params as { limit: number }).limit)) };
    case 'uniqueItems': {
      const p = e.params as { i: number; j: number };
      return { pointer, text: msg.duplicateItems(p.i, p.j) };
    }
    case 'minLength':
      return { pointer, text: msg.emptyString() };
    case 'const':
      return { pointer, text: msg.mustEqual((e.params as { allowedValue: unknown }).allowedValue) };
    default:
      return { pointer, text: e.message ?? e.keyword };
  }
}

/**
 * Turns ajv's errors into issues. An anyOf failure replaces everything ajv said below it: the value
 * is re-checked against the one alternative of its JSON type, or described by the anyOf's text.
 */
function collect(errors: readonly ErrorObject[], checkerRef: Checker, basePointer: string): SuiteIssue[] {
  const anyOfs = errors.filter((e) => e.keyword === 'anyOf');
  const under = (p: string, root: string) => p === root || p.startsWith(`${root}/`);
  // In suite.schema.json an anyOf node holds nothing but its alternatives, so every other error at or
  // below a failed anyOf comes from one of those alternatives.
  const shadowed = (e: ErrorObject) => anyOfs.some((a) => under(e.instancePath, a.instancePath));
  const issues: SuiteIssue[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf') {
      // An anyOf nested inside another anyOf's value is handled when that one is re-checked.
      if (anyOfs.some((a) => a !== e && a.instancePath !== e.instancePath && under(e.instancePath, a.instancePath))) continue;
      issues.push(...explainAnyOf(e, checkerRef, basePointer));
      continue;
    }
    if (shadowed(e)) continue;
    const issue = issueFor(e);
    issues.push({ ...issue, pointer: basePointer + issue.pointer });
  }
  return issues;
}

function explainAnyOf(e: ErrorObject, c: Checker, basePointer: string): SuiteIssue[] {
  const parent = (e.parentSchema ?? {}) as Schema;
  const alternatives = (parent.anyOf ?? []) as Schema[];
  const t = jsonType(e.data);
  const fitting = alternatives
    .map((alt) => ({ alt, schema: typeof alt.$ref === 'string' ? schemaAt(c.schema, alt.$ref) : alt }))
    .filter((a) => acceptsType(a.schema, t));
  const pointer = basePointer + e.instancePath;
  if (fitting.length === 1) {
    const validate = c.branch(fitting[0]!.alt);
    if (!validate(e.data)) return collect(validate.errors ?? [], c, pointer);
  }
  const description = typeof parent.description === 'string' ? parent.description : alternatives.map((a) => JSON.stringify(a)).join(' or ');
  return [{ pointer, text: msg.wrongType(description.replace(/\.$/, '').replace(/^./, (ch) => ch.toLowerCase()), describeValue(e.data)) }];
}

/** Schema problems of a parsed suite (empty when it conforms). */
export function checkSuiteSchema(value: unknown): SuiteIssue[] {
  if (validateSuite(value)) return [];
  const c = checker(); // the same schema and options, compiled here for the anyOf branches
  if (c.validate(value)) return [];
  return collect(c.validate.errors ?? [], c, '');
}
