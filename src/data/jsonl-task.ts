/**
 * JSONL tasks: one JSON object per line, `{"prompt", "response"}` for causal LM or
 * `{"text", "text_pair"?, "label"}` for classification (integer class index) and regression (number).
 * Blank lines are skipped; every other line must have the file's shape. Each problem is one
 * `UserError` naming the file and line.
 */
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';
import type { CausalLmExample, ExampleSet, TaskKind, TextExample } from './examples.ts';
import { readTextFile } from './read-text-file.ts';

export interface JsonlTaskShape {
  kind: TaskKind;
  /** Number of classes (classification only). */
  numLabels?: number;
}

const SHAPES: Record<TaskKind, string> = {
  causal_lm: '{"prompt": string, "response": string}',
  classification: '{"text": string, "text_pair"?: string, "label": integer class index}',
  regression: '{"text": string, "text_pair"?: string, "label": number}',
};

/** Parses JSONL text; `file` is used in messages. */
export function parseJsonlTask(text: string, file: string, shape: JsonlTaskShape): ExampleSet {
  const lm: CausalLmExample[] = [];
  const labelled: TextExample[] = [];
  let firstKeys: string | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === '') continue;
    const line = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new UserError(dataMessages.badJson(file, line, error instanceof Error ? error.message : String(error)));
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new UserError(dataMessages.badJson(file, line, 'not an object'));
    const row = value as Record<string, unknown>;
    const keys = Object.keys(row).filter((k) => ['prompt', 'response', 'text', 'text_pair', 'label'].includes(k)).sort().join(',');
    if (firstKeys === undefined) firstKeys = keys;
    else if (keys !== firstKeys) throw new UserError(dataMessages.jsonlMixedShapes(file, line));
    const wrong = () => new UserError(dataMessages.jsonlWrongShape(file, line, SHAPES[shape.kind]));
    if (shape.kind === 'causal_lm') {
      if (typeof row.prompt !== 'string' || typeof row.response !== 'string') throw wrong();
      lm.push({ prompt: row.prompt, response: row.response });
      continue;
    }
    if (typeof row.text !== 'string' || (row.text_pair !== undefined && typeof row.text_pair !== 'string')) throw wrong();
    const label = row.label;
    if (shape.kind === 'classification') {
      const numLabels = shape.numLabels ?? 2;
      if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= numLabels) {
        throw new UserError(dataMessages.jsonlLabelOutOfRange(file, line, label, numLabels));
      }
    } else if (typeof label !== 'number' || !Number.isFinite(label)) {
      throw wrong();
    }
    const example: TextExample = { text: row.text, label };
    if (typeof row.text_pair === 'string') example.textPair = row.text_pair;
    labelled.push(example);
  }
  if (lm.length + labelled.length === 0) throw new UserError(dataMessages.emptySplit(file));
  if (shape.kind === 'causal_lm') return { kind: 'causal_lm', examples: lm };
  if (shape.kind === 'regression') return { kind: 'regression', examples: labelled };
  const names = Array.from({ length: shape.numLabels ?? 2 }, (_, k) => String(k));
  return { kind: 'classification', labelNames: names, examples: labelled };
}

/** Reads and parses one JSONL task file. */
export async function loadJsonlTask(file: string, shape: JsonlTaskShape): Promise<ExampleSet> {
  return parseJsonlTask(await readTextFile(file), file, shape);
}
