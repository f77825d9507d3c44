/**
 * The lr schedule's seconds clock (src/backends/ort/train/schedule.ts): under a seconds rule warmup
 * and decay follow the elapsed fraction of the budget, so the lr is the peak a tenth of the way in
 * and decays to 0 at the budget, whatever the number of steps. The steps clock is tested with the
 * optimizer (test/backends/ort/optimizer.test.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learningRate, learningRateAtFraction } from '../../../../src/backends/ort/train/schedule.ts';

const close = (a: number, b: number, tol = 1e-9): void => assert.ok(Math.abs(a - b) <= tol, `${a} vs ${b}`);

test('seconds clock: linear warmup over the first warmupRatio of the budget, then the schedule to 0 at its end', () => {
  const linear = { kind: 'linear' as const, peakLr: 0.01, warmupRatio: 0.1 };
  close(learningRateAtFraction(linear, 0), 0);
  close(learningRateAtFraction(linear, 0.05), 0.005);
  close(learningRateAtFraction(linear, 0.1), 0.01);
  close(learningRateAtFraction(linear, 0.55), 0.005);
  close(learningRateAtFraction(linear, 1), 0);
  close(learningRateAtFraction(linear, 1.3), 0, 0);
  close(learningRateAtFraction(linear, -0.1), 0);
  const cosine = { kind: 'cosine' as const, peakLr: 1, warmupRatio: 0.2 };
  close(learningRateAtFraction(cosine, 0.6), 0.5);
  close(learningRateAtFraction(cosine, 0.4), 0.5 * (1 + Math.cos(Math.PI * 0.25)));
  close(learningRateAtFraction({ kind: 'constant', peakLr: 1, warmupRatio: 0 }, 0), 1, 0);
  close(learningRateAtFraction({ kind: 'constant', peakLr: 1, warmupRatio: 0 }, 0.99), 1, 0);
  close(learningRateAtFraction({ kind: 'linear', peakLr: 1, warmupRatio: 0 }, 0), 1, 0);
  close(learningRateAtFraction({ kind: 'linear', peakLr: 1, warmupRatio: 1 }, 0.5), 0.5);
  close(learningRateAtFraction({ kind: 'linear', peakLr: 1, warmupRatio: 1 }, 1), 1);
});

test('seconds clock: the same shape as the steps clock at the same fraction of the run', () => {
  // 200 steps with 20 warmup steps, against a budget of which each step takes 1/200.
  for (const kind of ['linear', 'cosine', 'constant'] as const) {
    for (const step of [0, 7, 20, 61, 150, 199]) {
      close(learningRateAtFraction({ kind, peakLr: 0.003, warmupRatio: 0.1 }, step / 200), learningRate({ kind, peakLr: 0.003, warmupSteps: 20, totalSteps: 200 }, step), 1e-12);
    }
  }
});
