/**
 * How fast this machine trains each model × task × method kind of a plan, measured: real training
 * steps of the plan's first trial of that group, through the backend that will run it, then stopped
 * before evaluation. The first step is not timed (it builds the graph and loads the weights; its
 * seconds, from the start of the run, become the rate's per-run seconds); the following steps are
 * timed until at least `CALIBRATION_MIN_STEPS` steps and `CALIBRATION_MIN_SECONDS` seconds have
 * passed (or the run's schedule ends), and the rate is the FLOPs of exactly those batches over their
 * seconds. Those batches matter: with groupByLength the epoch starts with its longest examples, so
 * the first steps cost several times the run's mean step. The rate is cached per
 * `CALIBRATION_VERSION`, backend, device, CPU, model architecture, task data, method kind, batch size
 * and maxLength, so a second `plan` measures nothing and a change in what is measured reads no old
 * entry. A group whose finished results give a rate (src/run/result-rates.ts) is not timed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { Backend } from '../backends/backend.ts';
import { scheduleForSpec } from '../data/batch-schedule.ts';
import { writeFileAtomic } from '../data/atomic-write.ts';
import type { Plan } from '../plan/plan-types.ts';
import { batchFlops, stepCostOfSpec } from '../plan/step-spend.ts';
import type { LoadedSuite } from '../suite/load-suite.ts';
import { rateKey, type RunRate } from './plan-time.ts';
import { preparedKey, type PreparedInputs } from './prepare-inputs.ts';
import { trialRuns, type PlannedRun } from './trial-specs.ts';

/**
 * What a calibration measures; a cache entry of another version is not read. 1: three steps after
 * the first, at the run's mean FLOPs per step, per model × method. 2: this file's rule, per model ×
 * task × method kind.
 */
export const CALIBRATION_VERSION = 2;
/** Steps timed after the first, at least. */
export const CALIBRATION_MIN_STEPS = 8;
/** Seconds timed after the first step, at least. */
export const CALIBRATION_MIN_SECONDS = 3;

export interface Calibration {
  version: number;
  /** Training FLOPs per second on this machine (the planner's FLOPs count of the timed batches). */
  flopsPerSecond: number;
  /** Steps timed (after the first) and their seconds. */
  timedSteps: number;
  timedSeconds: number;
  /** Seconds from the start of the run to the end of the first step (loading and graph building included). */
  firstStepSeconds: number;
  device: string;
  measuredAt: string;
}

class CalibrationDone extends Error {}

/** Times the first steps of one run and stops it before evaluation. */
async function timeSteps(backend: Backend, run: PlannedRun, inputs: PreparedInputs): Promise<Calibration | undefined> {
  const prepared = inputs.tasks.get(preparedKey(run.spec.model.id, run.spec.task.id));
  const model = inputs.models.get(run.spec.model.id);
  if (prepared === undefined || model === undefined) return undefined;
  const lengths = prepared.train.lengths;
  const schedule = scheduleForSpec(run.spec, lengths);
  if (schedule.steps.length < 2) return undefined;
  const cost = stepCostOfSpec(run.spec);
  const controller = new AbortController();
  const stamps: number[] = [];
  const started = performance.now();
  const enough = () => {
    const timed = stamps.length - 1;
    return stamps.length >= schedule.steps.length || (timed >= CALIBRATION_MIN_STEPS && (stamps.at(-1)! - stamps[0]!) / 1000 >= CALIBRATION_MIN_SECONDS);
  };
  try {
    await backend.run({
      spec: run.spec,
      schedule,
      modelDir: model.dir,
      signal: controller.signal,
      onStep: () => {
        stamps.push(performance.now());
        if (enough()) controller.abort(new CalibrationDone());
      },
    });
  } catch (error) {
    if (!(error instanceof CalibrationDone) && !controller.signal.aborted) throw error;
  }
  if (stamps.length < 2) return undefined;
  const timedSeconds = (stamps.at(-1)! - stamps[0]!) / 1000;
  let flops = 0;
  for (let step = 1; step < stamps.length; step++) flops += batchFlops(schedule.steps[step]!, lengths, cost);
  if (!(timedSeconds > 0 && flops > 0)) return undefined;
  return {
    version: CALIBRATION_VERSION,
    flopsPerSecond: flops / timedSeconds,
    timedSteps: stamps.length - 1,
    timedSeconds,
    firstStepSeconds: (stamps[0]! - started) / 1000,
    device: backend.device(),
    measuredAt: new Date().toISOString(),
  };
}

/** The cache file of one model × task × method kind on this machine. */
function cacheFile(cacheDir: string, backend: Backend, loaded: LoadedSuite, run: PlannedRun): string {
  const cpu = cpus();
  const key = JSON.stringify({
    version: CALIBRATION_VERSION,
    backend: backend.name,
    device: backend.device(),
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    libraries: backend.libraries(),
    arch: loaded.archs.get(run.spec.model.id),
    task: run.spec.task.dataKey ?? run.spec.task.id,
    kind: run.spec.method.kind,
    batchSize: run.spec.training.batchSize,
    groupByLength: run.spec.training.groupByLength ?? false,
    maxLength: run.spec.task.maxLength,
  });
  return join(cacheDir, 'calibration', `${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`);
}

async function readCached(file: string): Promise<Calibration | undefined> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as Calibration;
    return value.version === CALIBRATION_VERSION && value.flopsPerSecond > 0 ? value : undefined;
  } catch {
    return undefined;
  }
}

const rateOf = (c: Calibration, source: 'timed' | 'cache'): RunRate => ({ flopsPerSecond: c.flopsPerSecond, perRunSeconds: c.firstStepSeconds, source });

/**
 * The rate of every model × task × method kind of `plan` on `backend`: from `known` (the rates
 * finished results gave) where it has one, otherwise read from the cache or measured (and cached).
 * `onMeasure` is told before each measurement (it takes seconds).
 */
export async function calibratePlan(
  loaded: LoadedSuite, plan: Plan, inputs: PreparedInputs, backend: Backend, known: ReadonlyMap<string, RunRate>, onMeasure: (model: string, task: string, kind: string) => void,
): Promise<Map<string, RunRate>> {
  const rates = new Map(known);
  for (const run of trialRuns(plan, inputs, backend)) {
    const key = rateKey(run.spec.model.id, run.spec.task.id, run.spec.method.kind);
    if (rates.has(key) || backend.unsupported(run.spec) !== undefined) continue;
    const file = cacheFile(inputs.cacheDir, backend, loaded, run);
    const cached = await readCached(file);
    if (cached !== undefined) {
      rates.set(key, rateOf(cached, 'cache'));
      continue;
    }
    onMeasure(run.spec.model.id, run.spec.task.id, run.spec.method.kind);
    const measured = await timeSteps(backend, run, inputs);
    if (measured === undefined) continue;
    await writeFileAtomic(file, `${JSON.stringify(measured, null, 2)}\n`);
    rates.set(key, rateOf(measured, 'timed'));
  }
  return rates;
}

/** How many rates came from each source. */
export function rateSources(rates: ReadonlyMap<string, RunRate>): Record<RunRate['source'], number> {
  const count = { results: 0, timed: 0, cache: 0 };
  for (const rate of rates.values()) count[rate.source]++;
  return count;
}
