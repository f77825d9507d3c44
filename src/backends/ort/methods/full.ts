/**
 * Full fine-tuning: every base weight and the task head are trainable; the graph is unchanged.
 * Trainable parameters = all base parameters (+ head).
 */
import type { EngineMethod } from './method.ts';

export const fullFineTuning: EngineMethod = {
  kind: 'full',
  trainsBaseWeight: () => true,
  trainsHead: true,
  hooks: {},
};
