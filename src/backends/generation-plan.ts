/**
 * Which splits a causal-LM run generates answers for, the same rule on every backend: test (final
 * runs) when the task is scored by exact_match, dev only when selection needs it (the selection
 * metric is exact_match) — generating is far dearer than scoring the response tokens. And the check,
 * before training, that every prompt of those splits leaves the answer its maxNewTokens positions:
 * a prompt cut at maxLength (the data layer keeps an example's first maxLength tokens) has lost its
 * end, the question, and a longer one leaves the answer less room than the suite promises; either
 * would change answers silently, so the run is refused with what to change.
 */
import { UserError } from '../errors.ts';
import { readTokenizedSplit, type TokenizedSplitData } from '../data/tokenized-split.ts';
import { engineMessages } from '../messages/index.ts';
import type { RunSpec } from '../types/run-spec.ts';

/** Whether the run generates on dev and on test (test only matters for final runs). */
export function generationSplits(spec: RunSpec): { dev: boolean; test: boolean } {
  if (spec.task.type !== 'causal_lm' || spec.task.generation === undefined) return { dev: false, test: false };
  return {
    dev: spec.task.selectionMetric.name === 'exact_match',
    test: spec.task.metrics.some((m) => m.name === 'exact_match'),
  };
}

/** Why a run spec cannot be scored (exact_match without generation settings), or undefined. */
export function generationProblem(spec: RunSpec): string | undefined {
  const wantsAnswers = spec.task.metrics.some((m) => m.name === 'exact_match') || spec.task.selectionMetric.name === 'exact_match';
  if (wantsAnswers && (spec.task.type !== 'causal_lm' || spec.task.generation === undefined)) return engineMessages.generationMissing(spec.task.id);
  return undefined;
}

/** Prompt length of example `i` of a causal-LM split (its whole length when it has no response), as generation continues it. */
export function promptLength(split: TokenizedSplitData, i: number): number {
  const length = split.offsets[i + 1]! - split.offsets[i]!;
  return Math.min(split.promptLengths?.[i] ?? length, length);
}

/** Why `split`'s prompts leave generation too little room (a user-facing message), or undefined when every one fits. */
export function generationRoomProblem(spec: RunSpec, role: 'dev' | 'test', split: TokenizedSplitData): string | undefined {
  const generation = spec.task.generation;
  if (generation === undefined) return undefined;
  const limit = spec.task.maxLength - generation.maxNewTokens;
  let count = 0;
  let longest = 0;
  for (let i = 0; i < split.meta.numExamples; i++) {
    const length = promptLength(split, i);
    if (length > limit) count++;
    longest = Math.max(longest, length);
  }
  if (count === 0) return undefined;
  return engineMessages.generationNoRoom(spec.suite.name, spec.task.id, role, count, split.meta.numExamples, longest, spec.task.maxLength, generation.maxNewTokens);
}

/**
 * Throws a UserError when a split this run generates on (already read, or read here from the run
 * spec's data folders) has a prompt that leaves less than maxNewTokens positions.
 */
export async function checkGenerationRoom(spec: RunSpec, loaded: { dev?: TokenizedSplitData; test?: TokenizedSplitData } = {}): Promise<void> {
  const want = generationSplits(spec);
  const splits: ['dev' | 'test', string | undefined, TokenizedSplitData | undefined][] = [
    ['dev', want.dev ? spec.data?.dev : undefined, loaded.dev],
    ['test', want.test && spec.phase === 'final' ? spec.data?.test : undefined, loaded.test],
  ];
  for (const [role, dir, data] of splits) {
    if (dir === undefined) continue;
    const problem = generationRoomProblem(spec, role, data ?? (await readTokenizedSplit(dir)));
    if (problem !== undefined) throw new UserError(problem);
  }
}
