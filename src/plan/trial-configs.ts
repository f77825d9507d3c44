/**
 * The configurations a method is tried with on one model: `trials` points of its search space,
 * seeded (grid: every point in order, repeated if the grid is smaller than the shared trial count;
 * random: independent draws). Points over the parameter budget are skipped, so every method still
 * gets exactly the same number of trials.
 */
import type { ArchConfig } from '../models/arch.ts';
import type { Suite, SuiteMethod } from '../types/suite.ts';
import { UserError } from '../errors.ts';
import { planMessages as msg } from '../messages/plan.ts';
import { methods } from '../methods/registry.ts';
import { resolveHparams } from '../methods/resolve-hparams.ts';
import { gridConfigs, gridSize, sampleConfig, type Config } from '../suite/search-space.ts';
import { hashSeed, mulberry32 } from './rng.ts';

/** Draws per trial before a random search gives up on the budget. */
const maxDraws = 1000;

function trainableOf(method: SuiteMethod, config: Config, arch: ArchConfig): number {
  const def = methods[method.kind];
  const r = resolveHparams(def, config, arch);
  if (!r.ok) throw new Error(`internal: configuration of "${method.id}" was not validated (${r.problem.name})`);
  return def.countParams(r.hparams, arch).trainable;
}

export function trialConfigs(suite: Suite, method: SuiteMethod, modelId: string, arch: ArchConfig, paramLimit: number | undefined): Config[] {
  const trials = suite.tuning.trials;
  const space = method.search ?? {};
  const within = (c: Config) => paramLimit === undefined || trainableOf(method, c, arch) <= paramLimit;
  if (suite.tuning.strategy === 'grid') {
    // Bounded before it is built: a grid larger than the trials is refused (validation says the same).
    const size = gridSize(space);
    if (size !== undefined && size > trials) throw new UserError(msg.gridTooLarge(method.id, size, trials));
    const grid = gridConfigs(space);
    if (grid === undefined) throw new Error(`internal: grid of "${method.id}" has a range without gridPoints`);
    const allowed = grid.filter(within);
    if (allowed.length === 0) throw new UserError(msg.gridOverBudget(method.id, modelId, paramLimit ?? 0));
    return Array.from({ length: trials }, (_, t) => allowed[t % allowed.length]!);
  }
  const random = mulberry32(hashSeed(suite.tuning.seed ?? 0, method.id));
  const out: Config[] = [];
  for (let t = 0; t < trials; t++) {
    let config = sampleConfig(space, random);
    let draws = 1;
    while (!within(config)) {
      if (draws >= maxDraws) throw new UserError(msg.budgetUnreachable(method.id, modelId, draws, paramLimit ?? 0));
      config = sampleConfig(space, random);
      draws++;
    }
    out.push(config);
  }
  return out;
}
