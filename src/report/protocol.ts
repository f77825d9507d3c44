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

/** The suite-wide fields every result must share, as plain values (compared as JSON). */
function suiteWide(result: RunResult): Record<string, unknown> {
  const { compute, tuning, seeds, parameterBudget } = result.protocol;
  const { selectionMetric: _perTask, ...sharedTuning } = tuning;
  return {
    'suite name': result.spec.suite.name,
    'suite hash': result.spec.suite.hash,
    protocol: { compute, tuning: sharedTuning, seeds, parameterBudget },
  };
}

function perTask(result: RunResult): unknown {
  const { split, tuning, taskCompute } = result.protocol;
  return { split, selectionMetric: tuning.selectionMetric, ...(taskCompute === undefined ? {} : { compute: taskCompute }) };
}

/**
 * A value compared between result files: its plain JSON first (results written by the same runner
 * list keys in the same order, so equal values almost always give equal text), and its canonical
 * JSON (keys sorted) only when those differ. `text` is what a message shows.
 */
class Compared {
  private canonical: string | undefined;
  readonly fast: string;

  constructor(private readonly value: unknown) {
    this.fast = JSON.stringify(value) ?? 'null';
  }

  get text(): string {
    return (this.canonical ??= canonicalJson(this.value));
  }

  equals(other: Compared): boolean {
    return this.fast === other.fast || this.text === other.text;
  }
}

export function commonSuite(loaded: readonly LoadedResult[]): SuiteIdentity {
  const first = loaded[0]!;
  const reference = Object.entries(suiteWide(first.result)).map(([field, value]) => [field, new Compared(value)] as const);
  const taskReference = new Map<string, { file: string; value: Compared; protocol: TaskProtocol }>();
  for (const item of loaded) {
    const values = suiteWide(item.result);
    for (const [field, expected] of reference) {
      const value = new Compared(values[field]);
      if (!value.equals(expected)) throw new UserError(reportMessages.mixedSuites(field, first.file, expected.text, item.file, value.text));
    }
    const task = item.result.spec.task.id;
    const value = new Compared(perTask(item.result));
    const known = taskReference.get(task);
    if (!known) {
      const { split, tuning, taskCompute } = item.result.protocol;
      const protocol: TaskProtocol = { task, selectionMetric: tuning.selectionMetric, split, ...(taskCompute === undefined ? {} : { compute: taskCompute }) };
      taskReference.set(task, { file: item.file, value, protocol });
    } else if (!known.value.equals(value)) {
      throw new UserError(reportMessages.mixedSuites(`the split protocol of task ${task}`, known.file, known.value.text, item.file, value.text));
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

/** A compute rule in words: "every method gets …" (each ladder amount a separate run of the protocol): "1 epoch", "each of 1, 2, 4 epochs (a ladder: …)". */
function computeText(c: ReportProtocol['compute']): string {
  const unit = c.referenceMethod ? (c.referenceRule ?? 'epochs') : c.rule;
  const amount = c.amounts === undefined ? `${c.amount} ${c.amount === 1 ? unit.replace(/s$/, '') : unit}` : `each of ${c.amounts.join(', ')} ${unit}`;
  const ladder = c.amounts === undefined ? '' : ' (a ladder: the whole protocol is repeated per amount)';
  return `${c.referenceMethod ? `the ${c.rule} that ${c.referenceMethod} spends in ` : ''}${amount}${ladder}`;
}

/** The protocol in words, one sentence per rule (and one per task for its splits). */
export function protocolText(protocol: ReportProtocol): string[] {
  const c = protocol.compute;
  const compute = `Compute is matched by ${c.rule}: every method gets ${computeText(c)}.`;
  const t = protocol.tuning;
  const tuning = `Every method gets the same tuning budget: ${plural(t.trialsPerMethod, 'trial')} drawn by ${t.strategy === 'grid' ? 'grid search' : 'seeded random search'}${t.samplerSeed === undefined ? '' : ` (sampler seed ${t.samplerSeed})`}, selected on the ${t.selectionSplit} split; test data is never used for selection.`;
  const seeds = `The selected configuration is rerun with ${plural(protocol.seeds.length, 'seed')} (${protocol.seeds.join(', ')}) and scored on test once per seed.`;
  const budget = protocol.parameterBudget ? [`Parameter budget: ${protocol.parameterBudget}.`] : [];
  const tasks = protocol.tasks.map(
    (task) =>
      `Task ${task.task}: selected by ${task.selectionMetric}; train = ${task.split.train}; dev = ${task.split.dev}; test = ${task.split.test}${task.compute === undefined ? '' : `; its own compute rule, matched by ${task.compute.rule}: every method gets ${computeText(task.compute)}`}.`,
  );
  return [compute, tuning, seeds, ...budget, ...tasks];
}
