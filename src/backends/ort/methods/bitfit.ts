/**
 * BitFit on the `ort` engine: every bias of the base model is trained (linear-layer biases and
 * LayerNorm biases, the embedding LayerNorm's included), every other base weight stays frozen.
 * The graph is unchanged. The pooler belongs to the shared task head and is trained with it.
 */
import type { EngineMethod } from './method.ts';
import { isHeadBaseWeight } from './head-weights.ts';

export const bitfitEngine: EngineMethod = {
  kind: 'bitfit',
  trainsBaseWeight: (name) => isHeadBaseWeight(name) || name.endsWith('.bias'),
  trainsHead: true,
  hooks: {},
};
