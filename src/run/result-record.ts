/**
 * Builds the result record of one run (schemas/result.schema.json): the spec it executed, its
 * status (with the failure's reason and stderr tail when not ok), versions, hardware, the suite's
 * protocol, metrics per split, the loss curve, parameter counts and the compute actually spent.
 */
import { cpus, platform, release, totalmem } from 'node:os';
import type { Backend } from '../backends/backend.ts';
import type { RunResult } from '../types/result.ts';
import type { RunSpec } from '../types/run-spec.ts';
import type { ComputeRule, Suite, SplitPart } from '../types/suite.ts';
import { methodVersion } from './trial-specs.ts';
import { engineVersionOf } from '../backends/engine-versions.ts';
import { harnessVersion } from '../harness-version.ts';

function describePart(part: SplitPart | Suite['tasks'][number]['split']['dev'], role: string, taskSource: string): string {
  const carved = part.size !== undefined ? `${part.size} examples` : part.fraction !== undefined ? `${part.fraction * 100}%` : undefined;
  // GLUE's validation split is what papers call GLUE dev; other sources' validation split is just that.
  const glue = taskSource.startsWith('glue/') ? ' (GLUE dev)' : '';
  const source = part.of === 'validation' ? `the source validation set${glue}` : `the source ${part.of} split`;
  return carved === undefined ? `${source}, except any part carved from it for another role` : `${carved} carved from ${source} (seed ${part.seed ?? 0}) for ${role}`;
}

/** A compute rule (one amount or a ladder) as a result's protocol states it. */
function protocolCompute(rule: ComputeRule): RunResult['protocol']['compute'] {
  const amounts = (a: number | undefined, ladder: number[] | undefined) => (ladder === undefined ? { amount: a ?? 0 } : { amounts: [...ladder] });
  if (rule.match === undefined) return { rule: rule.rule, ...amounts(rule.amount, rule.amounts) };
  return { rule: rule.rule, ...amounts(rule.match.amount, rule.match.amounts), referenceMethod: rule.match.method, referenceRule: rule.match.rule };
}

/** The suite's protocol in the result's shape; identical for every run of a suite but for a task's own compute rule (taskCompute). */
export function protocolOf(suite: Suite, taskId: string): RunResult['protocol'] {
  const task = suite.tasks.find((t) => t.id === taskId)!;
  const protocol: RunResult['protocol'] = {
    compute: protocolCompute(suite.budget.compute),
    ...(task.compute === undefined ? {} : { taskCompute: protocolCompute(task.compute) }),
    tuning: {
      strategy: suite.tuning.strategy,
      trialsPerMethod: suite.tuning.trials,
      selectionSplit: 'dev',
      selectionMetric: suite.tuning.select.metric ?? task.metrics[0]!.name,
      samplerSeed: suite.tuning.seed ?? 0,
    },
    split: {
      train: `the source train split${task.split.train.limit === undefined ? '' : `, at most ${task.split.train.limit} examples`}, minus dev when dev is carved from it`,
      dev: describePart(task.split.dev, 'dev', task.source),
      test: describePart(task.split.test, 'test', task.source),
    },
    seeds: [...suite.seeds],
  };
  const budget = suite.budget.params;
  if (budget !== undefined) {
    const parts = [budget.maxCount === undefined ? undefined : `≤ ${budget.maxCount} trainable parameters`, budget.maxPercent === undefined ? undefined : `≤ ${budget.maxPercent}% of base-model parameters`];
    protocol.parameterBudget = parts.filter((p) => p !== undefined).join(' and ');
  }
  return protocol;
}

/** What a run produced, whatever its status. */
export interface RunOutcome {
  status: RunResult['status'];
  failure?: RunResult['failure'];
  metrics: RunResult['metrics'];
  /** Per-example test predictions with gold labels (final runs that were scored). */
  predictions?: RunResult['predictions'];
  lossCurve: RunResult['lossCurve'];
  params: RunResult['params'];
  compute: RunResult['compute'];
}

export function buildResult(spec: RunSpec, hyperparameters: RunResult['hyperparameters'], suite: Suite, backend: Backend, outcome: RunOutcome): RunResult {
  const h = harnessVersion();
  const cpuList = cpus();
  const result: RunResult = {
    schemaVersion: 1,
    runId: spec.runId,
    spec,
    status: outcome.status,
    versions: { harness: h.version, harnessCommit: h.commit, method: methodVersion(spec), engine: engineVersionOf(spec.backend.name, spec.task.type, spec.method.kind), libraries: backend.libraries() },
    hardware: { device: backend.device(), cpu: cpuList[0]?.model ?? 'unknown', cores: Math.max(1, cpuList.length), memoryBytes: totalmem(), os: `${platform()} ${release()}` },
    protocol: protocolOf(suite, spec.task.id),
    hyperparameters,
    metrics: outcome.metrics,
    params: outcome.params,
    compute: outcome.compute,
    lossCurve: outcome.lossCurve,
  };
  if (outcome.failure !== undefined) result.failure = outcome.failure;
  if (outcome.predictions !== undefined) result.predictions = outcome.predictions;
  // The suite's report block travels with every result, so `reftbench report` on the results
  // folder alone makes the report the suite asked for (formats, charts, statistics, baseline, check).
  if (suite.report !== undefined) result.reportOptions = suite.report;
  return result;
}
