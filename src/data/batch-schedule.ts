/**
 * The batch schedule: which training examples form every optimizer step of a run, decided once here
 * from (split size, seed, batch size, steps, last-batch policy, optional length grouping) and
 * executed as it is by both backends — `ort` in process, the torch worker from the file the runner
 * writes (src/data/schedule-file.ts). The planner reads the same schedule to count the tokens a run
 * will really train on, so compute rules count spent tokens, not padding.
 *
 * Epoch e visits the examples in the order of a seeded shuffle (`train-order:e`, the stream the ort
 * backend always used). Last-batch policies, per epoch:
 *   keep — the short last batch of each epoch is a step of its own (HF Trainer's default,
 *          dataloader_drop_last=False), so epochs never mix;
 *   drop — the short last batch is dropped (dataloader_drop_last=True);
 *   fill — no epoch boundary: batches are cut from the endless concatenation of epochs.
 * With `groupByLength` (HF Trainer's `group_by_length`, its LengthGroupedSampler rule), each epoch's
 * order is cut into mega-batches of 50 batches, each sorted by length (longest first, stable), and
 * the longest example of the epoch leads its first batch, so batches hold examples of similar length
 * and pad less, while the epoch stays a seeded random order.
 */
import { createHash } from 'node:crypto';
import { SeededRandom } from './seeded-random.ts';
import type { RunSpec } from '../types/run-spec.ts';

export type LastBatchPolicy = 'keep' | 'drop' | 'fill';

/** HF Trainer's default: keep the short last batch of each epoch. */
export const DEFAULT_LAST_BATCH: LastBatchPolicy = 'keep';

/** Mega-batch size of length grouping, in batches (HF's LengthGroupedSampler uses 50). */
const MEGABATCH_BATCHES = 50;

export interface ScheduleRequest {
  numExamples: number;
  batchSize: number;
  seed: number;
  lastBatch: LastBatchPolicy;
  /** Token counts of the examples (needed by `groupByLength`). */
  lengths?: ArrayLike<number> | undefined;
  groupByLength?: boolean | undefined;
}

/** The version of the rule above, hashed into every schedule hash. */
export const SCHEDULE_VERSION = 1;

/** The examples of epoch `epoch`, in the order they are trained. */
export function epochOrder(req: ScheduleRequest, epoch: number): number[] {
  const order = new SeededRandom(req.seed, `train-order:${epoch}`).shuffled(Array.from({ length: req.numExamples }, (_, i) => i));
  if (!req.groupByLength) return order;
  const lengths = req.lengths;
  if (lengths === undefined) throw new Error('internal: groupByLength needs the example lengths');
  const size = MEGABATCH_BATCHES * req.batchSize;
  const megas: number[][] = [];
  for (let start = 0; start < order.length; start += size) {
    const mega = order.slice(start, start + size);
    // Stable sort by length, longest first (ties keep the shuffled order).
    mega.sort((a, b) => lengths[b]! - lengths[a]!);
    megas.push(mega);
  }
  let longest = 0;
  for (let m = 1; m < megas.length; m++) if (lengths[megas[m]![0]!]! > lengths[megas[longest]![0]!]!) longest = m;
  if (longest !== 0) [megas[0]![0], megas[longest]![0]] = [megas[longest]![0]!, megas[0]![0]!];
  return megas.flat();
}

/** Full and short batches per epoch under a policy (fill: per epoch on average). */
export function batchesPerEpoch(numExamples: number, batchSize: number, policy: LastBatchPolicy): number {
  if (policy === 'keep') return Math.ceil(numExamples / batchSize);
  if (policy === 'drop') return Math.floor(numExamples / batchSize);
  return numExamples / batchSize;
}

/** Why a request cannot give any batch, or undefined. */
export function scheduleProblem(req: Pick<ScheduleRequest, 'numExamples' | 'batchSize' | 'lastBatch'>): string | undefined {
  if (req.numExamples < 1) return 'the training split has no examples';
  if (req.lastBatch === 'drop' && req.numExamples < req.batchSize) {
    return `lastBatch "drop" with ${req.numExamples} training examples and batch size ${req.batchSize} leaves no full batch`;
  }
  return undefined;
}

/** The steps of a schedule, one array of example indices per step, endlessly. */
export function* scheduleSteps(req: ScheduleRequest): Generator<number[]> {
  const problem = scheduleProblem(req);
  if (problem !== undefined) throw new Error(`internal: ${problem}`);
  const B = req.batchSize;
  if (req.lastBatch === 'fill') {
    let carry: number[] = [];
    for (let epoch = 0; ; epoch++) {
      const order = epochOrder(req, epoch);
      let at = 0;
      if (carry.length > 0) {
        const take = Math.min(B - carry.length, order.length);
        carry.push(...order.slice(0, take));
        at = take;
        if (carry.length < B) continue;
        yield carry;
        carry = [];
      }
      for (; at + B <= order.length; at += B) yield order.slice(at, at + B);
      carry = order.slice(at);
    }
  }
  for (let epoch = 0; ; epoch++) {
    const order = epochOrder(req, epoch);
    for (let at = 0; at < order.length; at += B) {
      const batch = order.slice(at, at + B);
      if (batch.length < B && req.lastBatch === 'drop') break;
      yield batch;
    }
  }
}

/** A schedule cut at `steps` steps, with its hash. */
export interface BatchSchedule {
  /** sha256 of the version and every step's example indices (16 hex digits). */
  hash: string;
  steps: number[][];
}

/** The first `steps` steps of a schedule. */
export function buildSchedule(req: ScheduleRequest, steps: number): BatchSchedule {
  const out: number[][] = [];
  const hash = createHash('sha256').update(`reftbench-batch-schedule-${SCHEDULE_VERSION}\n`);
  for (const batch of scheduleSteps(req)) {
    if (out.length >= steps) break;
    out.push(batch);
    hash.update(`${batch.join(',')}\n`);
  }
  return { hash: hash.digest('hex').slice(0, 16), steps: out };
}

/**
 * Steps whose summed spend first reaches `amount` (at least 1; `cap` when it is never reached
 * within `cap` steps), with `spend(batch)` the cost of one step: every method then ends at the first
 * step at which it has spent its budget, overshooting by less than one step.
 */
export function stepsToReach(req: ScheduleRequest, amount: number, spend: (batch: readonly number[]) => number, cap: number): { steps: number; spent: number } {
  let spent = 0;
  let steps = 0;
  for (const batch of scheduleSteps(req)) {
    if (steps >= cap) break;
    spent += spend(batch);
    steps++;
    if (spent >= amount * (1 - 1e-12)) break;
  }
  return { steps: Math.max(1, steps), spent };
}

/** Summed spend of the first `steps` steps (a budget never reached, capped at `steps`). */
export function spendOfSteps(req: ScheduleRequest, steps: number, spend: (batch: readonly number[]) => number): number {
  return stepsToReach(req, Infinity, spend, steps).spent;
}

/** The schedule request of a run spec over a training split with `lengths` (one entry per example). */
export function scheduleRequestOf(spec: { seed: number; training: Pick<RunSpec['training'], 'batchSize' | 'lastBatch' | 'groupByLength'> }, lengths: ArrayLike<number>): ScheduleRequest {
  return {
    numExamples: lengths.length,
    batchSize: spec.training.batchSize,
    seed: spec.seed,
    lastBatch: spec.training.lastBatch ?? DEFAULT_LAST_BATCH,
    lengths,
    groupByLength: spec.training.groupByLength === true,
  };
}

/**
 * Steps of the schedule a run gets: all its steps, or under a seconds rule (whose step count is only
 * a cap) at most this many — the run then also ends when the schedule does.
 */
export const SECONDS_RULE_SCHEDULE_STEPS = 100_000;

/** The batch schedule of a run spec over a training split with `lengths`. */
export function scheduleForSpec(spec: Pick<RunSpec, 'seed' | 'training'>, lengths: ArrayLike<number>): BatchSchedule {
  const steps = spec.training.secondsBudget === undefined ? spec.training.steps : Math.min(spec.training.steps, SECONDS_RULE_SCHEDULE_STEPS);
  return buildSchedule(scheduleRequestOf(spec, lengths), steps);
}
