/**
 * How fast this machine trains each model × method of a plan, measured: a few real training steps
 * of the plan's first trial of that model and method, through the backend that will run it, timed
 * from the second step (the first includes building the graph and loading the weights), then stopped
 * before evaluation. The rate (training FLOPs per second) is cached per backend, device, CPU, model
 * architecture, method kind, batch size and maxLength, so a second `plan` measures nothing.
 * `estimatePlanTime` turns the rates into wall time per phase: every trial's planned FLOPs, and the
 * finals' estimated FLOPs, at the rate of its model × method (evaluation not included).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../backends/backend.ts';
import { scheduleForSpec } from '../data/batch-schedule.ts';
import { writeFileAtomic } from '../data/atomic-write.ts';
import type { Plan } from '../plan/plan-types.ts';
import type { LoadedSuite } from '../suite/load-suite.ts';
import { preparedKey, type PreparedInputs } from './prepare-inputs.ts';
import { trialRuns } from './trial-specs.ts';

/** Steps each calibration trains: the first is not timed. */
export const CALIBRATION_STEPS = 4;

export interface Calibration {
  /** Training FLOPs per second on this machine (the planner's FLOPs count). */
  flopsPerSecond: number;
  secondsPerStep: number;
  /** Seconds the first step took (graph building and loading included). */
  firstStepSeconds: number;
  device: string;
  measuredAt: string;
}

class CalibrationDone extends Error {}

const pairKey = (modelId: string, kind: string): string => `${modelId}\u0000${kind}`;

/** Times the first steps of one run and stops it before evaluation. */
async function timeSteps(backend: Backend, run: ReturnType<typeof trialRuns>[number], inputs: PreparedInputs, flopsPerStep: number): Promise<Calibration | undefined> {
  const prepared = inputs.tasks.get(preparedKey(run.spec.model.id, run.spec.task.id));
  const model = inputs.models.get(run.spec.model.id);
  if (prepared === undefined || model === undefined) return undefined;
  const schedule = scheduleForSpec(run.spec, prepared.train.lengths);
  const want = Math.min(CALIBRATION_STEPS, schedule.steps.length);
  if (want < 2) return undefined;
  const controller = new AbortController();
  const stamps: number[] = [];
  const started = performance.now();
  try {
    await backend.run({
      spec: run.spec,
      schedule,
      modelDir: model.dir,
      signal: controller.signal,
      onStep: () => {
        stamps.push(performance.now());
        if (stamps.length >= want) controller.abort(new CalibrationDone());
      },
    });
  } catch (error) {
    if (!(error instanceof CalibrationDone) && !controller.signal.aborted) throw error;
  }
  if (stamps.length < 2) return undefined;
  const secondsPerStep = (stamps.at(-1)! - stamps[0]!) / 1000 / (stamps.length - 1);
  if (!(secondsPerStep > 0)) return undefined;
  return {
    flopsPerSecond: flopsPerStep / secondsPerStep,
    secondsPerStep,
    firstStepSeconds: (stamps[0]! - started) / 1000,
    device: backend.device(),
    measuredAt: new Date().toISOString(),
  };
}

/** The cache file of one model × method on this machine. */
function cacheFile(cacheDir: string, backend: Backend, loaded: LoadedSuite, run: ReturnType<typeof trialRuns>[number]): string {
  const cpu = cpus();
  const key = JSON.stringify({
    backend: backend.name,
    device: backend.device(),
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    libraries: backend.libraries(),
    arch: loaded.archs.get(run.spec.model.id),
    kind: run.spec.method.kind,
    batchSize: run.spec.training.batchSize,
    maxLength: run.spec.task.maxLength,
  });
  return join(cacheDir, 'calibration', `${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`);
}

async function readCached(file: string): Promise<Calibration | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Calibration;
    return value.flopsPerSecond > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The rate of every model × method of `plan` on `backend`, measured (and cached) or read from the
 * cache. `onMeasure` is told before each measurement (it takes seconds).
 */
export async function calibratePlan(
  loaded: LoadedSuite, plan: Plan, inputs: PreparedInputs, backend: Backend, onMeasure: (model: string, kind: string) => void,
): Promise<{ rates: Map<string, Calibration>; measured: number; cached: number }> {
  const rates = new Map<string, Calibration>();
  let measured = 0;
  let cached = 0;
  const runs = trialRuns(plan, inputs, backend);
  const flopsOf = new Map(plan.groups.flatMap((g) => g.trials.map((t) => [t.spec.runId, t.flopsPerStep] as const)));
  for (const run of runs) {
    const key = pairKey(run.spec.model.id, run.spec.method.kind);
    if (rates.has(key) || backend.unsupported(run.spec) !== undefined) continue;
    const file = cacheFile(inputs.cacheDir, backend, loaded, run);
    let rate = await readCached(file);
    if (rate !== undefined) cached++;
    else {
      onMeasure(run.spec.model.id, run.spec.method.kind);
      rate = await timeSteps(backend, run, inputs, flopsOf.get(run.spec.runId) ?? 0);
      if (rate === undefined) continue;
      measured++;
      await writeFileAtomic(file, `${JSON.stringify(rate, null, 2)}\n`);
    }
    rates.set(key, rate);
  }
  return { rates, measured, cached };
}

/** Wall time of the plan's phases at the measured rates; undefined when a model × method has none. */
export function estimatePlanTime(plan: Plan, rates: ReadonlyMap<string, Calibration>): { trialsSeconds: number; finalsSeconds: number } | undefined {
  let trialsSeconds = 0;
  let finalsSeconds = 0;
  for (const group of plan.groups) {
    const rate = rates.get(pairKey(group.modelId, group.kind));
    if (rate === undefined) return undefined;
    // a seconds rule fixes the training time; otherwise the planned FLOPs at the measured rate
    const seconds = (flops: number, budget: number | undefined) => (budget ?? flops / rate.flopsPerSecond) + rate.firstStepSeconds;
    for (const trial of group.trials) trialsSeconds += seconds(trial.flops, trial.spec.training.secondsBudget);
    for (const final of group.finals) finalsSeconds += seconds(final.estimatedFlops, group.trials[0]?.spec.training.secondsBudget);
  }
  return { trialsSeconds, finalsSeconds };
}
