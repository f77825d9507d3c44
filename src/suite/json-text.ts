/**
 * The suite file as text: strict JSON parsing with the position of the first syntax error (and of
 * every key repeated within one object, which JSON.parse would silently resolve to the last), and the
 * line:column of any JSON pointer (through jsonc-parser's syntax tree), so every message can point
 * at the offending value in the file.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export interface Position {
  line: number;
  column: number;
}

/** A key written more than once in one object (JSON.parse keeps the last value, silently). */
export interface DuplicateKey {
  key: string;
  /** JSON pointer of the repeated property. */
  pointer: string;
  /** Where the repeated key is written, and where it was first written. */
  at: Position;
  first: Position;
}

/** A parsed JSON document that can locate pointers in its text. */
export interface JsonDocument {
  value: unknown;
  /** Every repeated key, in file order (empty for a well-formed document). */
  duplicateKeys: readonly DuplicateKey[];
  /** line:column (1-based) of the value at `pointer`; `key: true` gives the property name instead. */
  locate(pointer: string, options?: { key?: boolean }): Position;
  /** Offset of the value at `pointer` (for ordering messages as they appear in the file). */
  offsetOf(pointer: string): number;
}

export type JsonParseOutcome = { ok: true; doc: JsonDocument } | { ok: false; position: Position; problem: string };

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function positionAt(starts: readonly number[], offset: number): Position {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - starts[lo]! + 1 };
}

/** `/a/0/b~1c` → ['a', 0, 'b/c'] (numbers where the segment indexes an array). */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The text without a leading UTF-8 byte order mark (editors on Windows write one; JSON parsers reject it). */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const escapeSegment = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** Repeated keys of every object under `node`, in file order. */
function findDuplicateKeys(node: Node, pointer: string, starts: readonly number[], out: DuplicateKey[]): void {
  if (node.type === 'object') {
    const firstAt = new Map<string, number>();
    for (const property of node.children ?? []) {
      const [keyNode, valueNode] = property.children ?? [];
      if (keyNode === undefined) continue;
      const key = String(keyNode.value);
      const childPointer = `${pointer}/${escapeSegment(key)}`;
      const seen = firstAt.get(key);
      if (seen === undefined) firstAt.set(key, keyNode.offset);
      else out.push({ key, pointer: childPointer, at: positionAt(starts, keyNode.offset), first: positionAt(starts, seen) });
      if (valueNode !== undefined) findDuplicateKeys(valueNode, childPointer, starts, out);
    }
  } else if (node.type === 'array') {
    (node.children ?? []).forEach((child, i) => findDuplicateKeys(child, `${pointer}/${i}`, starts, out));
  }
}

/**
 * How deep arrays and objects may nest. A suite needs fewer than 10 levels; the parsers and every
 * check after them recurse, so a document nested thousands deep would exhaust the stack.
 */
export const MAX_NESTING = 100;

/** Offset of the first `[` or `{` nested deeper than `limit` (strings skipped), or -1. */
export function tooDeepAt(text: string, limit: number = MAX_NESTING): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      // a string: skip to its closing quote, past escapes
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 92) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 || c === 123) {
      if (++depth > limit) return i;
    } else if (c === 93 || c === 125) {
      depth--;
    }
  }
  return -1;
}

/** Parses strict JSON (a leading byte order mark is dropped; positions count from after it). */
export function parseJsonDocument(source: string): JsonParseOutcome {
  const text = stripBom(source);
  const deep = tooDeepAt(text);
  if (deep >= 0) return { ok: false, position: positionAt(lineStarts(text), deep), problem: 'NestingTooDeep' };
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const starts = lineStarts(text);
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    const offset = first?.offset ?? 0;
    return { ok: false, position: positionAt(starts, offset), problem: first ? printParseErrorCode(first.error) : 'empty file' };
  }
  const tree: Node = root;
  const nodeAt = (pointer: string): Node => {
    // Walk down as far as the pointer exists (a missing field points at its parent object).
    const segments = pointerSegments(pointer);
    for (let n = segments.length; n >= 0; n--) {
      const path = segments.slice(0, n).map((s) => (/^[0-9]+$/.test(s) ? Number(s) : s));
      const node = findNodeAtLocation(tree, path);
      if (node !== undefined) return node;
    }
    return tree;
  };
  const duplicateKeys: DuplicateKey[] = [];
  findDuplicateKeys(tree, '', starts, duplicateKeys);
  const doc: JsonDocument = {
    value: JSON.parse(text) as unknown,
    duplicateKeys,
    locate(pointer, options) {
      const node = nodeAt(pointer);
      const keyNode = options?.key && node.parent?.type === 'property' ? node.parent.children?.[0] : undefined;
      return positionAt(starts, (keyNode ?? node).offset);
    },
    offsetOf(pointer) {
      return nodeAt(pointer).offset;
    },
  };
  return { ok: true, doc };
}
