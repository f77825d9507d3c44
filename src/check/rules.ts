/**
 * Regression rules. With the metric's direction, a current value is
 *   abs X: a regression when worse than the baseline by more than X (an improvement when better by more than X);
 *   rel X: the same with X · |baseline|;
 *   ci:    a regression when outside the baseline's CI on the worse side (an improvement: on the better side).
 * Otherwise unchanged. A value that disappeared is a regression; one that appeared is an improvement.
 */
import type { CheckRule } from '../types/report.ts';

export type Verdict = 'regression' | 'improvement' | 'unchanged';

export interface Judged {
  verdict: Verdict;
  /** current − baseline (null when either is missing). */
  delta: number | null;
}

export interface BaselineValue {
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export function judge(current: number | null, baseline: BaselineValue, direction: 'max' | 'min', rule: CheckRule): Judged {
  if (baseline.mean === null && current === null) return { verdict: 'unchanged', delta: null };
  if (current === null) return { verdict: 'regression', delta: null };
  if (baseline.mean === null) return { verdict: 'improvement', delta: null };
  const delta = current - baseline.mean;
  const gain = direction === 'max' ? delta : -delta;
  if (rule.rule === 'ci') {
    const low = baseline.ciLow ?? baseline.mean;
    const high = baseline.ciHigh ?? baseline.mean;
    const worse = direction === 'max' ? current < low : current > high;
    const better = direction === 'max' ? current > high : current < low;
    return { verdict: worse ? 'regression' : better ? 'improvement' : 'unchanged', delta };
  }
  const tolerance = rule.rule === 'abs' ? (rule.tolerance ?? 0) : (rule.tolerance ?? 0) * Math.abs(baseline.mean);
  return { verdict: gain < -tolerance ? 'regression' : gain > tolerance ? 'improvement' : 'unchanged', delta };
}

export function describeRule(rule: CheckRule): string {
  if (rule.rule === 'ci') return "outside the baseline's confidence interval";
  if (rule.rule === 'abs') return `worse by more than ${rule.tolerance ?? 0} (absolute)`;
  return `worse by more than ${(rule.tolerance ?? 0) * 100}% of the baseline (relative)`;
}
