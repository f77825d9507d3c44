/**
 * Learning-rate schedules with linear warmup, as HF's get_{constant,linear,cosine}_schedule_with_warmup:
 * during warmup lr·step/warmup; then constant, linear decay to 0 at `total`, or half a cosine to 0.
 */
export type ScheduleKind = 'constant' | 'linear' | 'cosine';

export interface ScheduleConfig {
  kind: ScheduleKind;
  peakLr: number;
  warmupSteps: number;
  totalSteps: number;
}

/** The learning rate for 0-based `step`. */
export function learningRate(config: ScheduleConfig, step: number): number {
  const { kind, peakLr, warmupSteps, totalSteps } = config;
  if (step < warmupSteps) return (peakLr * step) / Math.max(1, warmupSteps);
  if (kind === 'constant') return peakLr;
  const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
  if (kind === 'linear') return peakLr * Math.max(0, 1 - progress);
  return peakLr * Math.max(0, 0.5 * (1 + Math.cos(Math.PI * progress)));
}
