/**
 * The suite file as text: strict JSON parsing with the position of the first syntax error, and the
 * line:column of any JSON pointer (through jsonc-parser's syntax tree), so every message can point
 * at the offending value in the file.
 */
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';

export interface Position {
  line: number;
  column: number;
}

/** A parsed JSON document that can locate pointers in its text. */
export interface JsonDocument {
  value: unknown;
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

export function parseJsonDocument(text: string): JsonParseOutcome {
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
  const doc: JsonDocument = {
    value: JSON.parse(text) as unknown,
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
