/**
 * The suite and protocol a report is about. Every result in a directory must come from the same
 * suite (name and hash) under the same suite-wide protocol (compute rule, tuning budget, seeds,
 * parameter budget), and every result of a task must carry the same split protocol and selection
 * metric. The first difference is a UserError naming both files. Also states the protocol in words.
 */
import { UserError } from '../errors.ts';
import { reportMessages } from '../messages/index.ts';
import type { Report, TaskProtocol } from '../types/report.ts';
import type { RunResult } from '../types/result.ts';
import { compareText } from './group-runs.ts';
import type { LoadedResult } from './load-results.ts';
import { canonicalJson } from '../plan/canonical-json.ts';

export type ReportProtocol = Omit<Report['protocol'], 'text'>;

export interface SuiteIdentity {
  name: string;
  hash: string;
  protocol: ReportProtocol;
}

function suiteWide(result: RunResult): Record<string, string> {
  const { compute, tuning, seeds, parameterBudget } = result.protocol;
  const { selectionMetric: _perTask, ...sharedTuning } = tuning;
  return {
    'suite name': JSON.stringify(result.spec.suite.name),
    'suite hash': JSON.stringify(result.spec.suite.hash),
    protocol: canonicalJson({ compute, tuning: sharedTuning, seeds, parameterBudget }),
  };
}

function perTask(result: RunResult): string {
  return canonicalJson({ split: result.protocol.split, selectionMetric: result.protocol.tuning.selectionMetric });
}

export function commonSuite(loaded: readonly LoadedResult[]): SuiteIdentity {
  const first = loaded[0]!;
  const reference = suiteWide(first.result);
  const taskReference = new Map<string, { file: string; value: string; protocol: TaskProtocol }>();
  for (const item of loaded) {
    const values = suiteWide(item.result);
    for (const field of Object.keys(reference)) {
      if (values[field] !== reference[field]) {
        throw new UserError(reportMessages.mixedSuites(field, first.file, reference[field]!, item.file, values[field]!));
      }
    }
    const task = item.result.spec.task.id;
    const value = perTask(item.result);
    const known = taskReference.get(task);
    if (!known) {
      const { split, tuning } = item.result.protocol;
      taskReference.set(task, { file: item.file, value, protocol: { task, selectionMetric: tuning.selectionMetric, split } });
    } else if (known.value !== value) {
      throw new UserError(reportMessages.mixedSuites(`the split protocol of task ${task}`, known.file, known.value, item.file, value));
    }
  }
  const { compute, tuning, seeds, parameterBudget } = first.result.protocol;
  const { selectionMetric: _perTask, ...sharedTuning } = tuning;
  const tasks = [...taskReference.values()].map((t) => t.protocol).sort((a, b) => compareText(a.task, b.task));
  return {
    name: first.result.spec.suite.name,
    hash: first.result.spec.suite.hash,
    protocol: { compute, tuning: sharedTuning, seeds, ...(parameterBudget === undefined ? {} : { parameterBudget }), tasks },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The protocol in words, one sentence per rule (and one per task for its splits). */
export function protocolText(protocol: ReportProtocol): string[] {
  const c = protocol.compute;
  const compute = c.referenceMethod
    ? `Compute is matched by ${c.rule}: every method gets the ${c.rule} that ${c.referenceMethod} spends in ${c.amount} ${c.referenceRule ?? 'epochs'}.`
    : `Compute is matched by ${c.rule}: every method gets ${c.amount} ${c.rule}.`;
  const t = protocol.tuning;
  const tuning = `Every method gets the same tuning budget: ${plural(t.trialsPerMethod, 'trial')} drawn by ${t.strategy === 'grid' ? 'grid search' : 'seeded random search'}${t.samplerSeed === undefined ? '' : ` (sampler seed ${t.samplerSeed})`}, selected on the ${t.selectionSplit} split; test data is never used for selection.`;
  const seeds = `The selected configuration is rerun with ${plural(protocol.seeds.length, 'seed')} (${protocol.seeds.join(', ')}) and scored on test once per seed.`;
  const budget = protocol.parameterBudget ? [`Parameter budget: ${protocol.parameterBudget}.`] : [];
  const tasks = protocol.tasks.map(
    (task) => `Task ${task.task}: selected by ${task.selectionMetric}; train = ${task.split.train}; dev = ${task.split.dev}; test = ${task.split.test}.`,
  );
  return [compute, tuning, seeds, ...budget, ...tasks];
}
