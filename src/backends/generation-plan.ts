/**
 * Which splits a causal-LM run generates answers for, the same rule on every backend: test (final
 * runs) when the task is scored by exact_match, dev only when selection needs it (the selection
 * metric is exact_match) — generating is far dearer than scoring the response tokens.
 */
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
