/**
 * Checks a schema-valid suite for what a schema cannot say: unique ids, references that resolve,
 * one tuning budget for all methods, a compute rule that can be planned, splits that do not overlap,
 * hyperparameters that fit each method kind and model, a parameter budget every method can meet, and
 * made-up architectures that fit in memory. Pure: the models' architectures (and the memory limit)
 * come in already resolved.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { ComputeRule, Suite, SuiteMethod, SuiteTask } from '../types/suite.ts';
import { suiteMessages as msg } from '../messages/suite.ts';
import { methods } from '../methods/registry.ts';
import { baseModelParams } from '../methods/arch-counts.ts';
import { resolveHparams, takesHparam, type HparamProblem } from '../methods/resolve-hparams.ts';
import { archMemory, machineMemoryBytes } from './arch-memory.ts';
import { didYouMean } from './did-you-mean.ts';
import { childPointer, type SuiteIssue } from './issue.ts';
import { checkTaskSource } from './task-source-check.ts';
import { checkExecutorBlock } from './executor-check.ts';
import {
  boundingConfigs, boundingValues, gridSize, integerHparams, isRange, spaceNames, trainingHparams, type HparamName,
} from './search-space.ts';

/** Metrics whose better direction is fixed. */
const metricDirections: Readonly<Record<string, 'max' | 'min'>> = {
  accuracy: 'max', f1: 'max', matthews: 'max', pearson: 'max', spearman: 'max', exact_match: 'max',
  mse: 'min', loss: 'min', perplexity: 'min',
};

/** Hyperparameters that change a method's parameter count (bounded to find its smallest configuration). */
const countHparams: readonly HparamName[] = ['rank', 'layers', 'positions', 'tied', 'targets', 'promptTokens', 'adapterSize', 'adapterStyle'];

/** Allowed numeric bounds of hyperparameters: [low, high, low exclusive]. */
const numericBounds: Partial<Record<HparamName, [number, number, boolean]>> = {
  dropout: [0, 1, false],
  warmupRatio: [0, 1, false],
  lr: [0, Infinity, true],
  weightDecay: [0, Infinity, false],
  alpha: [0, Infinity, true],
  rank: [1, Infinity, false],
  promptTokens: [1, Infinity, false],
  adapterSize: [1, Infinity, false],
  batchSize: [1, Infinity, false],
};

/** Whether a model of this family runs this task type. */
export function fits(family: 'encoder' | 'decoder', type: SuiteTask['type']): boolean {
  return family === 'decoder' ? type === 'causal_lm' : type !== 'causal_lm';
}

function checkDuplicates(items: readonly { id: string }[], what: string, base: string, issues: SuiteIssue[]): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const seen = first.get(item.id);
    if (seen === undefined) first.set(item.id, i);
    else issues.push({ pointer: `${base}/${i}/id`, text: msg.duplicateId(what, item.id, `${base}/${seen}/id`) });
  });
}

/** Checks one compute rule (the suite's at /budget/compute, or a task's own at /tasks/i/compute). */
function checkComputeRule(compute: ComputeRule, pointer: string, suite: Suite, tasks: readonly { task: SuiteTask; index: number }[], issues: SuiteIssue[]): void {
  const methodIds = suite.methods.map((m) => m.id);
  const given = [compute.amount, compute.amounts, compute.match].filter((v) => v !== undefined).length;
  if (given !== 1) issues.push({ pointer, text: msg.computeNeedsOne() });
  const checkLadder = (amounts: readonly number[] | undefined, at: string, unit: string | undefined) => {
    if (amounts === undefined) return;
    if (amounts.some((a, i) => i > 0 && a <= amounts[i - 1]!)) issues.push({ pointer: at, text: msg.ladderNotAscending(amounts) });
    if (unit === 'steps') amounts.forEach((a, i) => { if (!Number.isInteger(a)) issues.push({ pointer: `${at}/${i}`, text: msg.notWhole(a, 'steps') }); });
  };
  checkLadder(compute.amounts, `${pointer}/amounts`, compute.rule);
  if (compute.match !== undefined) {
    const match = compute.match;
    if (compute.rule === 'seconds') issues.push({ pointer: `${pointer}/match`, text: msg.secondsCannotMatch() });
    if (!methodIds.includes(match.method)) {
      issues.push({ pointer: `${pointer}/match/method`, text: msg.unknownMethodRef(match.method, methodIds, didYouMean(match.method, methodIds)) });
    }
    if ((match.amount === undefined) === (match.amounts === undefined)) issues.push({ pointer: `${pointer}/match`, text: msg.matchNeedsOne() });
    if (match.rule === 'steps' && match.amount !== undefined && !Number.isInteger(match.amount)) {
      issues.push({ pointer: `${pointer}/match/amount`, text: msg.notWhole(match.amount, 'steps') });
    }
    checkLadder(match.amounts, `${pointer}/match/amounts`, match.rule);
  }
  if (compute.rule === 'steps' && compute.amount !== undefined && !Number.isInteger(compute.amount)) {
    issues.push({ pointer: `${pointer}/amount`, text: msg.notWhole(compute.amount, 'steps') });
  }
  const countsEpochs = compute.rule === 'epochs' || compute.match?.rule === 'epochs';
  if (countsEpochs) {
    for (const { task, index } of tasks) {
      if (task.examples?.train === undefined) issues.push({ pointer: `/tasks/${index}`, text: msg.epochsNeedSize(task.id) });
    }
  }
}

function checkBudget(suite: Suite, issues: SuiteIssue[]): void {
  const { params } = suite.budget;
  const indexed = suite.tasks.map((task, index) => ({ task, index }));
  // The suite's rule applies to the tasks without their own.
  checkComputeRule(suite.budget.compute, '/budget/compute', suite, indexed.filter(({ task }) => task.compute === undefined), issues);
  for (const { task, index } of indexed) {
    if (task.compute !== undefined) checkComputeRule(task.compute, `/tasks/${index}/compute`, suite, [{ task, index }], issues);
  }
  if (params !== undefined && params.maxCount === undefined && params.maxPercent === undefined) {
    issues.push({ pointer: '/budget/params', text: msg.paramBudgetEmpty() });
  }
}

function checkTuning(suite: Suite, issues: SuiteIssue[]): void {
  const methodIds = suite.methods.map((m) => m.id);
  for (const [id, trials] of Object.entries(suite.tuning.perMethod ?? {})) {
    const pointer = childPointer('/tuning/perMethod', id);
    if (!methodIds.includes(id)) issues.push({ pointer, text: msg.unknownTrialsMethod(id, methodIds, didYouMean(id, methodIds)) });
    else if (trials !== undefined && trials !== suite.tuning.trials) issues.push({ pointer, text: msg.tuningBudgetDiffers(id, trials, suite.tuning.trials) });
  }
  const metric = suite.tuning.select.metric;
  suite.tasks.forEach((t) => {
    const names = t.metrics.map((m) => m.name);
    if (metric !== undefined && !names.includes(metric)) {
      issues.push({ pointer: '/tuning/select/metric', text: msg.selectMetricMissing(metric, t.id, names) });
    }
  });
  const baseline = suite.report?.baseline;
  if (baseline !== undefined && !methodIds.includes(baseline)) {
    issues.push({ pointer: '/report/baseline', text: msg.baselineUnknown(baseline, methodIds, didYouMean(baseline, methodIds)) });
  }
}

function checkTask(task: SuiteTask, pointer: string, issues: SuiteIssue[]): void {
  if (task.type === 'classification' && task.numLabels === undefined) issues.push({ pointer, text: msg.numLabelsMissing(task.id) });
  if (task.type !== 'classification' && task.numLabels !== undefined) {
    issues.push({ pointer: `${pointer}/numLabels`, text: msg.numLabelsForbidden(task.id, task.type) });
  }
  task.metrics.forEach((m, i) => {
    const expected = metricDirections[m.name];
    if (expected !== undefined && m.direction !== expected) {
      issues.push({ pointer: `${pointer}/metrics/${i}/direction`, text: msg.metricDirection(m.name, expected) });
    }
  });
  const { dev, test } = task.split;
  const carved = (p: { size?: number; fraction?: number }) => p.size !== undefined || p.fraction !== undefined;
  for (const [role, part] of [['dev', dev], ['test', test]] as const) {
    const at = `${pointer}/split/${role}`;
    if (part.size !== undefined && part.fraction !== undefined) issues.push({ pointer: at, text: msg.sizeAndFraction() });
    const available = task.examples?.[part.of];
    const size = part.size;
    if (size !== undefined && available !== undefined && size >= available) {
      issues.push({ pointer: `${at}/size`, text: msg.carveTooLarge(role, size, part.of, available) });
    }
  }
  if (dev.of === 'train' && !carved(dev)) issues.push({ pointer: `${pointer}/split/dev`, text: msg.devTakesAllTrain() });
  else if (test.of === dev.of && !carved(dev) && !carved(test)) {
    issues.push({ pointer: `${pointer}/split/test`, text: msg.splitOverlap('dev', 'test', test.of) });
  }
  if (test.of === 'train' && !carved(test)) issues.push({ pointer: `${pointer}/split/test`, text: msg.splitOverlap('train', 'test', 'train') });
  // Prompt and generated answer share the task's maxLength positions.
  if (task.generation !== undefined && task.generation.maxNewTokens >= task.maxLength) {
    issues.push({ pointer: `${pointer}/generation/maxNewTokens`, text: msg.generationTooLong(task.id, task.generation.maxNewTokens, task.maxLength) });
  }
}

function checkSearchValues(method: SuiteMethod, pointer: string, strategy: Suite['tuning']['strategy'], issues: SuiteIssue[]): void {
  const space = method.search ?? {};
  const def = methods[method.kind];
  for (const name of spaceNames(space)) {
    const at = `${pointer}/search/${name}`;
    if (!takesHparam(def, name) && !(trainingHparams as readonly string[]).includes(name)) {
      issues.push({ pointer: at, text: msg.hparamNotForKind(name, method.kind, def.hparams), atKey: true });
      continue;
    }
    const value = space[name]!;
    if (isRange(value)) {
      if (value.min > value.max) issues.push({ pointer: at, text: msg.rangeReversed(value.min, value.max) });
      if (value.scale === 'log' && value.min <= 0) issues.push({ pointer: `${at}/min`, text: msg.logRangeNonPositive(value.min) });
      if (strategy === 'grid' && value.gridPoints === undefined) issues.push({ pointer: at, text: msg.gridNeedsPoints() });
    }
    const bounds = numericBounds[name];
    for (const v of boundingValues(name, value)) {
      if (typeof v !== 'number') continue;
      if (integerHparams.has(name) && !Number.isInteger(v)) {
        issues.push({ pointer: at, text: msg.notInteger(name, v) });
        break;
      }
      if (bounds !== undefined) {
        const [lo, hi, loExclusive] = bounds;
        if (loExclusive && v <= lo) {
          issues.push({ pointer: at, text: msg.notPositive(name, v) });
          break;
        }
        if (v < lo || v > hi) {
          issues.push({ pointer: at, text: msg.valueOutsideBounds(name, v, lo, hi) });
          break;
        }
      }
    }
  }
}

function problemText(p: HparamProblem, model: string): string {
  if (p.name === 'layers') {
    return p.reason === 'out-of-range'
      ? msg.layerOutOfRange(p.selection, p.layer, model, p.numLayers)
      : msg.tooManyLayers(p.selection, p.wanted, model, p.numLayers);
  }
  if (p.name === 'targets') return msg.targetMissing(p.target, model, p.available);
  return msg.rankTooLarge(p.rank, p.max, model);
}

/** Smallest parameter count of a method on an architecture, or the first hyperparameter problem. */
function checkMethodOnModel(
  suite: Suite, method: SuiteMethod, pointer: string, modelId: string, arch: ArchConfig, issues: SuiteIssue[],
): void {
  const def = methods[method.kind];
  const space = method.search ?? {};
  let smallest = Infinity;
  for (const config of boundingConfigs(space, countHparams)) {
    const r = resolveHparams(def, config, arch);
    if (!r.ok) {
      issues.push({ pointer: `${pointer}/search/${r.problem.name}`, text: problemText(r.problem, modelId) });
      return;
    }
    smallest = Math.min(smallest, def.countParams(r.hparams, arch).trainable);
  }
  if (smallest === 0) {
    issues.push({ pointer: `${pointer}/kind`, text: msg.trainsNothing(method.id, modelId) });
    return;
  }
  const params = suite.budget.params;
  if (params === undefined) return;
  const base = baseModelParams(arch);
  const limits: { limit: number; text: string }[] = [];
  if (params.maxCount !== undefined) limits.push({ limit: params.maxCount, text: 'budget.params.maxCount' });
  if (params.maxPercent !== undefined) {
    limits.push({ limit: Math.floor((params.maxPercent / 100) * base), text: `${params.maxPercent}% of ${base.toLocaleString('en-US')}` });
  }
  for (const { limit, text } of limits) {
    if (smallest > limit) {
      issues.push({ pointer, text: msg.smallestOverBudget(method.id, modelId, smallest, limit, text) });
      return;
    }
  }
}

/**
 * A `tiny:` model or one with an inline `arch` (a size the suite makes up, not weights that exist)
 * whose weights and activations for one sequence cannot fit this machine's memory (arch-memory.ts).
 */
function checkArchMemory(suite: Suite, archs: ReadonlyMap<string, ArchConfig>, limit: number, issues: SuiteIssue[]): void {
  suite.models.forEach((m, i) => {
    const arch = archs.get(m.id);
    if (arch === undefined || (m.arch === undefined && !m.source.startsWith('tiny:'))) return;
    const tokens = Math.max(1, ...suite.tasks.filter((t) => fits(m.family, t.type)).map((t) => t.maxLength));
    const need = archMemory(arch, tokens);
    if (need.totalBytes > limit) {
      issues.push({ pointer: `/models/${i}/${m.arch === undefined ? 'source' : 'arch'}`, text: msg.archTooLarge(m.id, need.weightBytes, need.activationBytes, tokens, limit) });
    }
  });
}

/**
 * Semantic problems of a schema-valid suite; `archs` holds the resolved architecture of each model
 * id; `memoryLimitBytes` (default: this machine's memory) bounds inline and tiny architectures.
 */
export function checkSuiteSemantics(suite: Suite, archs: ReadonlyMap<string, ArchConfig>, memoryLimitBytes: number = machineMemoryBytes()): SuiteIssue[] {
  const issues: SuiteIssue[] = [];
  checkArchMemory(suite, archs, memoryLimitBytes, issues);
  checkDuplicates(suite.models, 'model', '/models', issues);
  checkDuplicates(suite.tasks, 'task', '/tasks', issues);
  checkDuplicates(suite.methods, 'method', '/methods', issues);
  checkBudget(suite, issues);
  checkTuning(suite, issues);
  issues.push(...checkExecutorBlock(suite));
  suite.tasks.forEach((t, i) => {
    checkTask(t, `/tasks/${i}`, issues);
    issues.push(...checkTaskSource(t, `/tasks/${i}`));
  });
  // Pairing is judged only once every model's family is confirmed by its architecture, and a task
  // without a model is reported only when no model lacks a task (one mismatch, one message).
  if (suite.models.every((m) => archs.has(m.id))) {
    const before = issues.length;
    suite.models.forEach((m, i) => {
      if (!suite.tasks.some((t) => fits(m.family, t.type))) issues.push({ pointer: `/models/${i}/family`, text: msg.noTaskForModel(m.id, m.family) });
    });
    if (issues.length === before) {
      suite.tasks.forEach((t, i) => {
        if (!suite.models.some((m) => fits(m.family, t.type))) issues.push({ pointer: `/tasks/${i}/type`, text: msg.noModelForTask(t.id, t.type) });
      });
    }
  }
  const hiddenDropout = suite.training?.dropout?.hidden ?? 0;
  if (hiddenDropout > 0) {
    const decoder = suite.models.find((m) => archs.get(m.id)?.family === 'decoder');
    if (decoder !== undefined) issues.push({ pointer: '/training/dropout/hidden', text: msg.decoderHiddenDropout(decoder.id, hiddenDropout) });
  }
  suite.tasks.forEach((t, i) => {
    for (const m of suite.models) {
      const arch = archs.get(m.id);
      if (arch === undefined || arch.family !== 'encoder' || !fits(m.family, t.type)) continue;
      // Encoders have learned position tables; RoBERTa's first positionOffset rows are reserved.
      const positions = arch.maxPositions - arch.positionOffset;
      if (t.maxLength > positions) {
        issues.push({ pointer: `/tasks/${i}/maxLength`, text: msg.sequenceTooLong(t.id, t.maxLength, m.id, positions) });
        break;
      }
    }
  });
  suite.methods.forEach((method, i) => {
    const pointer = `/methods/${i}`;
    const before = issues.length;
    checkSearchValues(method, pointer, suite.tuning.strategy, issues);
    if (issues.length > before) return;
    if (suite.tuning.strategy === 'grid') {
      const size = gridSize(method.search ?? {});
      if (size !== undefined && size > suite.tuning.trials) issues.push({ pointer: `${pointer}/search`, text: msg.gridTooLarge(method.id, size, suite.tuning.trials) });
    }
    for (const model of suite.models) {
      const arch = archs.get(model.id);
      if (arch === undefined) continue;
      const n = issues.length;
      checkMethodOnModel(suite, method, pointer, model.id, arch, issues);
      if (issues.length > n) break;
    }
  });
  return issues;
}
