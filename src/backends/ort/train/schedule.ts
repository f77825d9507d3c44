/**
 * Learning-rate schedules with linear warmup, as HF's get_{constant,linear,cosine}_schedule_with_warmup:
 * during warmup lr·step/warmup; then constant, linear decay to 0 at `total`, or half a cosine to 0.
 * The torch worker's reftbench_worker/schedule.py is the same arithmetic.
 *
 * Two clocks (the run spec's `training.lrClock`). `steps`, every rule but seconds: the schedule runs
 * over optimizer steps as above. `seconds`, a seconds rule: the same shapes over the elapsed fraction
 * f of the wall-clock budget (training time before the step ÷ secondsBudget): warmup while
 * f < warmupRatio, then decay to 0 at f = 1. Why: a seconds rule has no step count — how many steps
 * fit is known only when the budget runs out — so a step schedule is ill-defined there (HF Trainer
 * knows only max_steps; scheduling over a step cap of 10⁶ kept the lr near 0 for the whole run).
 * Refusing warmup and decay under a seconds rule would make a user drop the schedule they tuned for
 * the other rules; following the clock keeps "seconds" meaning what it says and gives every method
 * the same schedule shape over the same budget, as budgeted-training work does (Izsak et al. 2021,
 * "How to Train BERT with an Academic Budget"; Geiping & Goldstein 2023, "Cramming": the schedule
 * is a function of elapsed time over the time budget; Li et al. 2020, "Budgeted Training": linear
 * decay to 0 at the budget). The price: the lr of a step depends on the machine's speed, as the
 * number of steps already does under that rule.
 */
export type ScheduleKind = 'constant' | 'linear' | 'cosine';

export interface ScheduleConfig {
  kind: ScheduleKind;
  peakLr: number;
  warmupSteps: number;
  totalSteps: number;
}

/** A schedule over the elapsed fraction of a seconds budget. */
export interface TimeScheduleConfig {
  kind: ScheduleKind;
  peakLr: number;
  /** Fraction of the budget spent warming up (the run spec's warmupRatio). */
  warmupRatio: number;
}

/** The schedule's multiplier after warmup, at `progress` (0 to 1) of the decay. */
function decayFactor(kind: ScheduleKind, progress: number): number {
  if (kind === 'constant') return 1;
  if (kind === 'linear') return Math.max(0, 1 - progress);
  return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
}

/** The learning rate for 0-based `step`. */
export function learningRate(config: ScheduleConfig, step: number): number {
  const { kind, peakLr, warmupSteps, totalSteps } = config;
  if (step < warmupSteps) return (peakLr * step) / Math.max(1, warmupSteps);
  return peakLr * decayFactor(kind, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
}

/** The learning rate at `fraction` (elapsed ÷ budget, clamped to 0–1) of a seconds budget. */
export function learningRateAtFraction(config: TimeScheduleConfig, fraction: number): number {
  const { kind, peakLr, warmupRatio } = config;
  const f = Math.min(1, Math.max(0, fraction));
  if (f < warmupRatio) return (peakLr * f) / warmupRatio;
  if (warmupRatio >= 1) return peakLr;
  return peakLr * decayFactor(kind, (f - warmupRatio) / (1 - warmupRatio));
}
