/**
 * A method's search space as a suite writes it: per hyperparameter a fixed value, a list of choices,
 * or a numeric range (linear or log, with grid points for a grid search). Pure helpers to enumerate,
 * sample and bound it; the planner samples trials with them and the validator finds the smallest
 * configuration with them.
 */
import type { IntRange, NumberRange, SearchSpace } from '../types/suite.ts';

export type HparamName = keyof SearchSpace;
export type HparamValue = number | string | boolean;
/** One point of a search space: a value for every hyperparameter the suite set. */
export type Config = Partial<Record<HparamName, HparamValue>>;

/** Hyperparameters of the optimizer rather than of the method; every method kind takes them. */
export const trainingHparams = ['lr', 'weightDecay', 'warmupRatio', 'batchSize', 'schedule'] as const satisfies readonly HparamName[];

/** Hyperparameters whose values must be whole numbers. */
export const integerHparams: ReadonlySet<HparamName> = new Set(['rank', 'promptTokens', 'adapterSize', 'batchSize']);

type Range = IntRange | NumberRange;
type SpaceValue = NonNullable<SearchSpace[HparamName]>;

export function isRange(value: unknown): value is Range {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A deterministic random source in [0, 1). */
export type Random = () => number;

function rangePoint(r: Range, t: number, integer: boolean): number {
  const v = r.scale === 'log' ? Math.exp(Math.log(r.min) + t * (Math.log(r.max) - Math.log(r.min))) : r.min + t * (r.max - r.min);
  return integer ? Math.round(v) : v;
}

/** Grid values of one hyperparameter; undefined for a range without gridPoints. */
export function gridValues(name: HparamName, value: SpaceValue): HparamValue[] | undefined {
  if (Array.isArray(value)) return [...value];
  if (!isRange(value)) return [value];
  if (value.gridPoints === undefined) return undefined;
  const n = value.gridPoints;
  const points = Array.from({ length: n }, (_, i) => rangePoint(value, n === 1 ? 0 : i / (n - 1), integerHparams.has(name)));
  return [...new Set(points)];
}

/** One random value of one hyperparameter. */
export function sampleValue(name: HparamName, value: SpaceValue, random: Random): HparamValue {
  if (Array.isArray(value)) return value[Math.min(value.length - 1, Math.floor(random() * value.length))]!;
  if (!isRange(value)) return value;
  return rangePoint(value, random(), integerHparams.has(name));
}

/** The values that bound a hyperparameter (its choices, or a range's two ends): enough to find extremes of monotone counts. */
export function boundingValues(name: HparamName, value: SpaceValue): HparamValue[] {
  if (Array.isArray(value)) return [...value];
  if (!isRange(value)) return [value];
  const integer = integerHparams.has(name);
  return [...new Set([rangePoint(value, 0, integer), rangePoint(value, 1, integer)])];
}

/** Names a space sets, in a fixed order (the schema's), so sampling is reproducible. */
export function spaceNames(space: SearchSpace): HparamName[] {
  return (Object.keys(space) as HparamName[]).filter((k) => space[k] !== undefined).sort();
}

/** Every grid point (cartesian product, first hyperparameter slowest); undefined if a range lacks gridPoints. */
export function gridConfigs(space: SearchSpace): Config[] | undefined {
  let configs: Config[] = [{}];
  for (const name of spaceNames(space)) {
    const values = gridValues(name, space[name]!);
    if (values === undefined) return undefined;
    configs = configs.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  }
  return configs;
}

/** Ranges with more grid points than this are counted, not enumerated (a suite may ask for 1e9). */
export const enumeratedGridPoints = 100_000;

/**
 * Number of distinct grid values of one hyperparameter without building a large list: a range with
 * up to `enumeratedGridPoints` points is enumerated (rounding may merge integer points); a larger one
 * counts at most its gridPoints and, for integers, at most the integers between its ends.
 */
function gridCount(name: HparamName, value: SpaceValue): number | undefined {
  if (!isRange(value) || value.gridPoints === undefined || value.gridPoints <= enumeratedGridPoints) return gridValues(name, value)?.length;
  if (value.min === value.max) return 1;
  return integerHparams.has(name) ? Math.min(value.gridPoints, Math.max(1, Math.floor(value.max) - Math.ceil(value.min) + 1)) : value.gridPoints;
}

/** Number of grid points without building them or any large list (undefined if a range lacks gridPoints; may be Infinity). */
export function gridSize(space: SearchSpace): number | undefined {
  let size = 1;
  for (const name of spaceNames(space)) {
    const count = gridCount(name, space[name]!);
    if (count === undefined) return undefined;
    size *= count;
  }
  return size;
}

/** One random configuration. */
export function sampleConfig(space: SearchSpace, random: Random): Config {
  const config: Config = {};
  for (const name of spaceNames(space)) config[name] = sampleValue(name, space[name]!, random);
  return config;
}

/** Every combination of the bounding values of the listed hyperparameters (for smallest/largest counts). */
export function boundingConfigs(space: SearchSpace, names: readonly HparamName[]): Config[] {
  let configs: Config[] = [{}];
  for (const name of spaceNames(space).filter((n) => names.includes(n))) {
    const values = boundingValues(name, space[name]!);
    configs = configs.flatMap((c) => values.map((v) => ({ ...c, [name]: v })));
  }
  return configs;
}
