/**
 * Frozen-base linear probe: only the task head is trained; no base weight changes and the backward
 * pass stops at the head. Trainable parameters = head parameters only.
 */
import type { EngineMethod } from './method.ts';

export const linearProbe: EngineMethod = {
  kind: 'probe',
  trainsBaseWeight: () => false,
  trainsHead: true,
  hooks: {},
};
