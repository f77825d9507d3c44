/**
 * Exact match of generated answers (causal-LM tasks): the task's extraction rule (its
 * `generation.extract`) is applied to the generated text and to the reference response alike, and an
 * example counts as a hit when both give the same non-empty answer.
 *
 * Rules:
 *   - last_number: the last number in the text (commas between digits removed), written in its
 *     canonical form (`18.0` and `18` are the same answer) — math word problems, whose reference
 *     solutions end in the answer; two numbers within 0.001 of each other are the same answer, the
 *     tolerance LLM-Adapters' evaluation (which the ReFT paper follows) allows;
 *   - first_word: the first whitespace-separated word, lower-cased, surrounding punctuation removed;
 *   - first_choice: the listed choice that occurs earliest in the text, case-sensitive (the longer
 *     one when two start at the same place) — commonsense answers such as `option1` or `true`, and
 *     AQuA's letters `A`–`E`. Case matters as in LLM-Adapters' evaluation (which the ReFT paper
 *     follows): case-insensitive single-letter choices would match the `a` of any word;
 *   - full: the whole text, trimmed, whitespace runs as one space.
 */
import type { Generation } from '../types/run-spec.ts';

export type AnswerRule = Pick<Generation, 'extract' | 'choices'>;

const NUMBER = /-?(?:\d(?:[\d,]*\d)?(?:\.\d+)?|\.\d+)/g;

function lastNumber(text: string): string {
  const all = text.match(NUMBER);
  const last = all?.at(-1);
  if (last === undefined) return '';
  const value = Number(last.replaceAll(',', ''));
  return Number.isFinite(value) ? String(value) : '';
}

function firstWord(text: string): string {
  const word = text.trim().split(/\s+/)[0] ?? '';
  return word.replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '').toLowerCase();
}

function firstChoice(text: string, choices: readonly string[]): string {
  let best = '';
  let at = Infinity;
  for (const choice of choices) {
    const i = text.indexOf(choice);
    if (i >= 0 && (i < at || (i === at && choice.length > best.length))) {
      at = i;
      best = choice;
    }
  }
  return best;
}

/** The answer `rule` reads from `text` ('' when there is none). */
export function extractAnswer(text: string, rule: AnswerRule): string {
  switch (rule.extract) {
    case 'last_number':
      return lastNumber(text);
    case 'first_word':
      return firstWord(text);
    case 'first_choice':
      if (rule.choices === undefined || rule.choices.length === 0) throw new Error('exact_match: first_choice needs choices');
      return firstChoice(text, rule.choices);
    case 'full':
      return text.trim().replace(/\s+/g, ' ');
  }
}

/** How far apart two last_number answers may be and still count as the same (LLM-Adapters' |a − b| ≤ 0.001). */
export const NUMBER_TOLERANCE = 1e-3;

/** Whether two extracted answers are the same answer under `rule` (never when either is empty). */
export function sameAnswer(a: string, b: string, rule: AnswerRule): boolean {
  if (a === '' || b === '') return false;
  if (rule.extract === 'last_number') return Math.abs(Number(a) - Number(b)) <= NUMBER_TOLERANCE;
  return a === b;
}

/** The fraction of examples whose generated answer equals the reference answer under `rule`. */
export function exactMatch(generated: readonly string[], references: readonly string[], rule: AnswerRule = { extract: 'full' }): number {
  if (generated.length !== references.length) {
    throw new Error(`exact_match: ${generated.length} generations for ${references.length} references`);
  }
  if (references.length === 0) throw new Error('exact_match: no examples to score');
  let hits = 0;
  for (let i = 0; i < references.length; i++) {
    if (sameAnswer(extractAnswer(generated[i]!, rule), extractAnswer(references[i]!, rule), rule)) hits++;
  }
  return hits / references.length;
}
