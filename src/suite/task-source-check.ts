/**
 * Checks a task against what its source is known to hold, before any data is read: GLUE tasks and
 * synthetic generators have a fixed type, label count and set of splits (src/data/). JSONL sources
 * are only known once read, so the data stage checks those.
 */
import type { SuiteTask } from '../types/suite.ts';
import { suiteMessages as msg } from '../messages/suite.ts';
import { findGlueTask } from '../data/glue-tasks.ts';
import { syntheticTaskNames, syntheticTasks } from '../data/synthetic-tasks.ts';
import { didYouMean } from './did-you-mean.ts';
import type { SuiteIssue } from './issue.ts';

/** What a known source holds. */
interface SourceFacts {
  kind: string;
  /** Classes (classification only). */
  labels?: number;
  splits: readonly string[];
}

export function checkTaskSource(task: SuiteTask, pointer: string): SuiteIssue[] {
  let facts: SourceFacts | undefined;
  const glue = /^glue\/(.+)$/.exec(task.source)?.[1];
  const synthetic = /^synthetic:([a-z][a-z0-9_-]*)@[0-9]+$/.exec(task.source)?.[1];
  if (glue !== undefined) {
    const def = findGlueTask(glue);
    if (def === undefined) return [];
    facts = { kind: def.kind, splits: ['train', 'validation'], ...(def.kind === 'classification' ? { labels: def.labelNames.length } : {}) };
  } else if (synthetic !== undefined) {
    const def = syntheticTasks[synthetic];
    if (def === undefined) {
      return [{ pointer: `${pointer}/source`, text: msg.unknownGenerator(synthetic, syntheticTaskNames, didYouMean(synthetic, syntheticTaskNames)) }];
    }
    facts = { kind: def.kind, splits: ['train', 'validation', 'test'], ...(def.kind === 'classification' ? { labels: def.labelNames.length } : {}) };
  }
  if (facts === undefined) return [];
  if (facts.kind !== task.type) return [{ pointer: `${pointer}/type`, text: msg.sourceKindMismatch(task.id, task.source, task.type, facts.kind) }];
  if (facts.labels !== undefined && task.numLabels !== undefined && task.numLabels !== facts.labels) {
    return [{ pointer: `${pointer}/numLabels`, text: msg.sourceLabelsMismatch(task.id, task.source, task.numLabels, facts.labels) }];
  }
  for (const role of ['dev', 'test'] as const) {
    const of = task.split[role].of;
    if (!facts.splits.includes(of)) {
      return [{ pointer: `${pointer}/split/${role}/of`, text: msg.sourceLacksSplit(task.id, task.source, of, facts.splits) }];
    }
  }
  return [];
}
