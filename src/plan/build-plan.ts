/**
 * The planner: a pure function from a validated suite to the Plan. For every model × fitting task ×
 * budget level (one, or one per amount of a compute ladder; a task's own rule replaces the suite's:
 * compute-levels.ts) × method it draws the trial configurations (seeded, the same count for every
 * method), resolves them to run specs, counts trainable parameters (paper and peft %), prices a step
 * with the FLOPs model, turns the level's compute rule into steps, and lists the final runs (one per
 * seed) as pending selection.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { RunSpec, TaskSpec } from '../types/run-spec.ts';
import type { ParamBudget, Suite, SuiteMethod, SuiteModel, SuiteTask } from '../types/suite.ts';
import { UserError } from '../errors.ts';
import { planMessages as msg } from '../messages/plan.ts';
import { methods } from '../methods/registry.ts';
import { runsOnOrt, runsOnTorch } from '../backends/method-support.ts';
import { torchMessages } from '../messages/torch.ts';
import { resolveHparams } from '../methods/resolve-hparams.ts';
import { baseModelParams, headParams, type HeadKind } from '../methods/arch-counts.ts';
import type { LoadedSuite } from '../suite/load-suite.ts';
import { fits } from '../suite/semantic-check.ts';
import type { Config } from '../suite/search-space.ts';
import type { BackendName } from '../backends/backend.ts';
import { dataKeyOf, runIdWithShared, sharedSpecKey } from './run-id.ts';
import { defaultFlopsPerSecond, spendOf, stepsFor, type StepUnits } from './compute-rule.ts';
import { flopsPerStep } from './flops.ts';
import { DEFAULT_LAST_BATCH, scheduleProblem, scheduleSteps, spendOfSteps, stepsToReach, type LastBatchPolicy } from '../data/batch-schedule.ts';
import type { ComputeRule, ComputeRuleName } from '../types/suite.ts';
import { computeLevels, computeRuleOf, type ComputeLevel } from './compute-levels.ts';
import { batchFlops, batchTokens, spendOfBatches, scheduleRequestOf, stepCostOf, stepCostOfSpec, type StepCost } from './step-spend.ts';
import type { PendingFinal, Plan, PlanGroup, PlannedTrial } from './plan-types.ts';
import { trialConfigs } from './trial-configs.ts';

export interface PlanOptions {
  /** Throughput assumed when turning a seconds rule into steps (default: DESIGN.md's 360 GFLOP/s). */
  flopsPerSecond?: number;
  /** Largest number of runs a plan may hold (default 1,000,000). */
  maxRuns?: number;
  /**
   * The backend that will run the plan (the runner and `reftbench plan` resolve the suite's
   * preference on this machine and pass it, so run ids hash its engine version). Absent: the
   * suite's preference, with `auto` decided by model size.
   */
  backend?: BackendName;
  /**
   * Real token counts (at most maxLength) of a model × task's training examples, when the data has
   * been prepared: tokens and FLOPs rules then count the tokens of each run's actual batch schedule
   * (src/data/batch-schedule.ts). Absent (or undefined for a cell): every example counts maxLength
   * tokens, an estimate.
   */
  trainLengths?: (modelId: string, taskId: string) => ArrayLike<number> | undefined;
}

/** Most steps a tokens or FLOPs budget may turn into (a guard against a budget far beyond the data). */
const maxBudgetSteps = 10_000_000;

export const defaultMaxRuns = 1_000_000;

/** Models with more base parameters than this go to the torch backend under `prefer: auto`. */
const ortParamLimit = 500_000_000;

/** Largest trainable count the budget allows on a model with `base` parameters (undefined: no budget). */
export function paramLimit(budget: ParamBudget | undefined, base: number): number | undefined {
  if (budget === undefined) return undefined;
  const limits: number[] = [];
  if (budget.maxCount !== undefined) limits.push(budget.maxCount);
  if (budget.maxPercent !== undefined) limits.push(Math.floor((budget.maxPercent / 100) * base));
  return limits.length === 0 ? undefined : Math.min(...limits);
}

/** Training examples left after carving dev/test out of the source train split (undefined: unknown). */
export function trainExamples(task: SuiteTask): number | undefined {
  const total = task.examples?.train;
  if (total === undefined) return undefined;
  let left = total;
  for (const part of [task.split.dev, task.split.test]) {
    if (part.of !== 'train') continue;
    left -= part.size ?? Math.floor((part.fraction ?? 0) * total);
  }
  return Math.max(1, Math.min(left, task.split.train.limit ?? left));
}

function numLabelsOf(task: SuiteTask): number {
  return task.type === 'classification' ? task.numLabels ?? 2 : task.type === 'regression' ? 1 : 0;
}

function taskSpec(task: SuiteTask, selectMetric: string | undefined): TaskSpec {
  const selection = task.metrics.find((m) => m.name === selectMetric) ?? task.metrics[0]!;
  return { id: task.id, type: task.type, numLabels: numLabelsOf(task), maxLength: task.maxLength, metrics: task.metrics, selectionMetric: selection, dataKey: dataKeyOf(task), ...(task.generation === undefined ? {} : { generation: task.generation }) };
}

/** A trial configuration resolved for one model (independent of the task). */
interface ResolvedTrial {
  config: Config;
  hparams: RunSpec['method']['hparams'];
  trainable: number;
  added: number;
}

function resolveTrials(method: SuiteMethod, arch: ArchConfig, configs: readonly Config[]): ResolvedTrial[] {
  const def = methods[method.kind];
  return configs.map((config) => {
    const r = resolveHparams(def, config, arch);
    if (!r.ok) throw new Error(`internal: configuration of "${method.id}" was not validated (${r.problem.name})`);
    const count = def.countParams(r.hparams, arch);
    return { config, hparams: r.hparams, trainable: count.trainable, added: count.added };
  });
}

/** One trial before its steps are known. */
interface Prepared {
  trial: number;
  config: Config;
  spec: Omit<RunSpec, 'runId' | 'training'> & { training: Omit<RunSpec['training'], 'steps'> };
  trainable: number;
  added: number;
  units: StepUnits;
  cost: StepCost;
  /** Real token counts of the training examples (undefined: not known, maxLength each). */
  lengths: ArrayLike<number> | undefined;
}

function prepareTrials(
  suite: Suite, loaded: LoadedSuite, model: SuiteModel, arch: ArchConfig, task: SuiteTask, method: SuiteMethod, resolved: readonly ResolvedTrial[], chosenBackend: BackendName | undefined,
  lengths: ArrayLike<number> | undefined, compute: ComputeRule,
): Prepared[] {
  const def = methods[method.kind];
  const head: HeadKind = task.type;
  const numLabels = numLabelsOf(task);
  const base = baseModelParams(arch);
  const training = suite.training ?? {};
  const backend = suite.backend ?? {};
  const prefer = backend.prefer ?? 'auto';
  const backendName = chosenBackend ?? (prefer === 'auto' ? (base > ortParamLimit ? 'torch' : 'ort') : prefer);
  if (backendName === 'ort' && !runsOnOrt(method.kind)) throw new UserError(torchMessages.methodNeedsTorch(loaded.file, method.id, method.kind));
  if (backendName === 'torch' && !runsOnTorch(method.kind)) throw new UserError(torchMessages.methodNeedsOrt(loaded.file, method.id, method.kind));
  const trainSize = trainExamples(task);
  // The source as the suite writes it (a local directory relative to the suite file), not the
  // directory it resolves to here: run ids hash it, and results must be reusable from another checkout.
  const modelSpec = { id: model.id, source: model.source, family: model.family, dtype: model.dtype ?? 'float32', arch };
  const task_ = taskSpec(task, suite.tuning.select.metric);
  const backendSpec = {
    name: backendName, threads: backend.threads ?? 0, deterministic: backend.deterministic ?? true,
    ...(backend.device === undefined ? {} : { device: backend.device }),
    // Only when the suite asks, so suites without it keep their run ids.
    ...(backend.initialValues === 'ort' ? { initialValues: 'ort' as const } : {}),
  };
  const head_ = headParams(arch, head, numLabels);
  const lastBatch: LastBatchPolicy = training.lastBatch ?? DEFAULT_LAST_BATCH;
  return resolved.map(({ config, hparams, trainable, added }, trial) => {
    const cost = def.cost(hparams, arch, { seqLen: task.maxLength });
    const batchSize = typeof config.batchSize === 'number' ? config.batchSize : training.batchSize ?? 32;
    const examples = lengths?.length ?? trainSize;
    if (examples !== undefined) {
      const problem = scheduleProblem({ numExamples: examples, batchSize, lastBatch });
      if (problem !== undefined) throw new UserError(msg.noBatches(loaded.file, task.id, method.id, problem));
    }
    const units: StepUnits = {
      batchSize,
      tokensPerStep: batchSize * task.maxLength,
      flopsPerStep: flopsPerStep(arch, head, numLabels, cost, batchSize, task.maxLength),
      lastBatch,
      ...(examples === undefined ? {} : { trainExamples: examples }),
    };
    const spec: Prepared['spec'] = {
      schemaVersion: 1,
      suite: { name: suite.name, hash: loaded.hash },
      phase: 'trial',
      trial,
      seed: ((suite.tuning.seed ?? 0) + trial) >>> 0,
      model: modelSpec,
      task: task_,
      method: { id: method.id, kind: method.kind, hparams },
      training: {
        batchSize,
        evalBatchSize: training.evalBatchSize ?? 64,
        lr: typeof config.lr === 'number' ? config.lr : training.lr ?? 5e-4,
        weightDecay: typeof config.weightDecay === 'number' ? config.weightDecay : training.weightDecay ?? 0,
        warmupRatio: typeof config.warmupRatio === 'number' ? config.warmupRatio : training.warmupRatio ?? 0,
        schedule: config.schedule === 'linear' || config.schedule === 'cosine' || config.schedule === 'constant' ? config.schedule : training.schedule ?? 'linear',
        maxGradNorm: training.maxGradNorm ?? 1,
        optimizer: { name: 'adamw', betas: training.betas ?? [0.9, 0.999], eps: training.eps ?? 1e-8 },
        ...(training.evalEvery === undefined ? {} : { evalEvery: training.evalEvery }),
        // A seconds rule's lr schedule runs over the budget's elapsed fraction (no step count is known).
        ...(compute.rule === 'seconds' && compute.amount !== undefined ? { secondsBudget: compute.amount, lrClock: 'seconds' as const } : {}),
        lastBatch,
        ...(training.groupByLength === true ? { groupByLength: true } : {}),
      },
      // Only when the suite sets it, so suites without it keep their run ids.
      ...(training.dropout === undefined ? {} : { dropout: { ...training.dropout } }),
      backend: backendSpec,
      accounting: { trainableParams: trainable, headParams: head_, baseParams: base, flopsPerStep: units.flopsPerStep },
    };
    return { trial, config, spec, trainable, added, units, cost: stepCostOf(arch, head, numLabels, method.kind, hparams, task.maxLength), lengths };
  });
}

/** What one step of `p`'s schedule spends in `rule`'s unit (tokens and FLOPs: from real lengths). */
function stepSpend(rule: 'tokens' | 'flops', p: Prepared, lengths: ArrayLike<number>): (batch: readonly number[]) => number {
  return rule === 'tokens' ? (batch) => batchTokens(batch, lengths) : (batch) => batchFlops(batch, lengths, p.cost);
}

/** Steps `p` gets for `amount` of `rule`: tokens and FLOPs counted on its real batches when the data is known. */
function stepsOf(rule: ComputeRuleName, amount: number, p: Prepared, flopsPerSecond: number): number {
  if ((rule === 'tokens' || rule === 'flops') && p.lengths !== undefined) {
    const request = scheduleRequestOf(p.spec, p.lengths);
    return stepsToReach(request, amount, stepSpend(rule, p, p.lengths), maxBudgetSteps).steps;
  }
  return stepsFor(rule, amount, p.units, flopsPerSecond);
}

/** What `steps` steps of `p` spend in `rule`'s unit. */
function spendOfPrepared(rule: Exclude<ComputeRuleName, 'seconds'>, steps: number, p: Prepared): number {
  if ((rule === 'tokens' || rule === 'flops') && p.lengths !== undefined) {
    return spendOfSteps(scheduleRequestOf(p.spec, p.lengths), steps, stepSpend(rule, p, p.lengths));
  }
  return spendOf(rule, steps, p.units);
}

/** Mean real tokens and model FLOPs per step over the first `steps` steps of `p`'s schedule (batch × maxLength without data). */
function perStepMeans(p: Prepared, steps: number): { tokensPerStep: number; flopsPerStep: number } {
  if (p.lengths === undefined) return { tokensPerStep: p.units.tokensPerStep, flopsPerStep: p.units.flopsPerStep };
  const { tokens, flops } = spendOfBatches(scheduleSteps(scheduleRequestOf(p.spec, p.lengths)), steps, p.lengths, p.cost);
  return { tokensPerStep: tokens / steps, flopsPerStep: flops / steps };
}

/**
 * Steps of a final run (its own seed, so its own batch schedule) under its cell's budget: for tokens
 * and FLOPs rules the step at which its real batches reach the budget, otherwise the selected trial's
 * steps. `lengths` are the training examples' real token counts.
 */
export function finalRunSteps(spec: RunSpec, lengths: ArrayLike<number>): number {
  const budget = spec.accounting?.budget;
  if (budget === undefined || (budget.rule !== 'tokens' && budget.rule !== 'flops')) return spec.training.steps;
  const cost = stepCostOfSpec(spec);
  const spend = budget.rule === 'tokens' ? (b: readonly number[]) => batchTokens(b, lengths) : (b: readonly number[]) => batchFlops(b, lengths, cost);
  return stepsToReach(scheduleRequestOf(spec, lengths), budget.amount, spend, maxBudgetSteps).steps;
}

/** The amount every method of a cell gets under `rule` (one level): declared, or what the reference method spends. */
function cellAmount(suite: Suite, rule: ComputeRule, prepared: readonly Prepared[][], flopsPerSecond: number): number {
  if (rule.amount !== undefined) return rule.amount;
  const match = rule.match!;
  const ref = prepared[suite.methods.findIndex((m) => m.id === match.method)]!;
  const outer = rule.rule === 'seconds' ? 'flops' : rule.rule;
  const spends = ref.map((p) => spendOfPrepared(outer, stepsOf(match.rule, match.amount!, p, flopsPerSecond), p));
  return spends.reduce((a, b) => a + b, 0) / spends.length;
}

export function buildPlan(loaded: LoadedSuite, options: PlanOptions = {}): Plan {
  const { suite } = loaded;
  const flopsPerSecond = options.flopsPerSecond ?? defaultFlopsPerSecond;
  const pairs = suite.models.flatMap((model) => suite.tasks.filter((t) => fits(model.family, t.type)).map((task) => ({ model, task })));
  const levelsOf = new Map(suite.tasks.map((t) => [t.id, computeLevels(computeRuleOf(suite, t))]));
  const runs = pairs.reduce((n, { task }) => n + levelsOf.get(task.id)!.length, 0) * suite.methods.length * (suite.tuning.trials + suite.seeds.length);
  const maxRuns = options.maxRuns ?? defaultMaxRuns;
  if (runs > maxRuns) throw new UserError(msg.tooManyRuns(runs, maxRuns));

  const groups: PlanGroup[] = [];
  const resolvedCache = new Map<string, ResolvedTrial[]>();
  for (const { model, task } of pairs) {
    const arch = loaded.archs.get(model.id);
    if (arch === undefined) throw new Error(`internal: model "${model.id}" has no resolved architecture`);
    const base = baseModelParams(arch);
    const limit = paramLimit(suite.budget.params, base);
    const resolvedOf = (method: SuiteMethod): ResolvedTrial[] => {
      const key = `${model.id}\u0000${method.id}`;
      let resolved = resolvedCache.get(key);
      if (resolved === undefined) {
        resolved = resolveTrials(method, arch, trialConfigs(suite, method, model.id, arch, limit));
        resolvedCache.set(key, resolved);
      }
      return resolved;
    };
    for (const level of levelsOf.get(task.id)!) {
      groups.push(...planLevel(suite, loaded, model, arch, task, level, resolvedOf, options, flopsPerSecond));
    }
  }
  const totals = {
    trialRuns: groups.reduce((a, g) => a + g.trials.length, 0),
    finalRuns: groups.reduce((a, g) => a + g.finals.length, 0),
    trialFlops: groups.reduce((a, g) => a + g.trials.reduce((b, t) => b + t.flops, 0), 0),
    finalFlopsEstimate: groups.reduce((a, g) => a + g.finals.reduce((b, f) => b + f.estimatedFlops, 0), 0),
  };
  return {
    schemaVersion: 1,
    suite: { name: suite.name, hash: loaded.hash },
    compute: suite.budget.compute,
    strategy: suite.tuning.strategy,
    trialsPerMethod: suite.tuning.trials,
    seeds: [...suite.seeds],
    groups,
    totals,
  };
}

/** The plan groups (one per method) of one model × task cell under one budget level. */
function planLevel(
  suite: Suite, loaded: LoadedSuite, model: SuiteModel, arch: ArchConfig, task: SuiteTask, level: ComputeLevel,
  resolvedOf: (method: SuiteMethod) => ResolvedTrial[], options: PlanOptions, flopsPerSecond: number,
): PlanGroup[] {
  const compute = level.rule;
  const base = baseModelParams(arch);
  const lengths = options.trainLengths?.(model.id, task.id);
  const prepared = suite.methods.map((method) => prepareTrials(suite, loaded, model, arch, task, method, resolvedOf(method), options.backend, lengths, compute));
  const amount = cellAmount(suite, compute, prepared, flopsPerSecond);
  const shared = sharedSpecKey(prepared[0]![0]!.spec);
  const headCount = headParams(arch, task.type, numLabelsOf(task));
  // A fresh object per run spec, so no two specs share one.
  const budgetOf = () => ({
    rule: compute.rule, amount,
    ...(compute.match === undefined ? {} : { match: { method: compute.match.method, rule: compute.match.rule, amount: compute.match.amount! } }),
    ...(level.index === undefined ? {} : { level: level.index }),
  });
  return suite.methods.map((method, mi) => {
    const trials: PlannedTrial[] = prepared[mi]!.map((p) => {
      const steps = stepsOf(compute.rule, amount, p, flopsPerSecond);
      const { tokensPerStep, flopsPerStep: flopsPerStepMean } = perStepMeans(p, steps);
      const accounting = { ...p.spec.accounting!, flopsPerStep: flopsPerStepMean, tokensPerStep, budget: budgetOf() };
      const withoutId: Omit<RunSpec, 'runId'> = { ...p.spec, training: { steps, ...p.spec.training }, accounting };
      const runId = runIdWithShared(shared, withoutId);
      const spec: RunSpec = { runId, ...withoutId };
      return {
        runId,
        trial: p.trial,
        seed: spec.seed,
        config: p.config,
        spec,
        trainableParams: p.trainable,
        percent: (100 * p.trainable) / base,
        peftPercent: (100 * (p.trainable + headCount)) / (base + p.added + headCount),
        flopsPerStep: flopsPerStepMean,
        tokensPerStep,
        steps,
        flops: steps * flopsPerStepMean,
      };
    });
    const meanFlops = trials.reduce((a, t) => a + t.flops, 0) / trials.length;
    const finals: PendingFinal[] = suite.seeds.map((seed) => ({ seed, status: 'pending-selection', estimatedFlops: meanFlops }));
    return {
      modelId: model.id, taskId: task.id, methodId: method.id, kind: method.kind, baseParams: base, headParams: headCount,
      ...(level.index === undefined ? {} : { level: level.index }),
      compute,
      trials, finals,
    };
  });
}
