/**
 * Applies a suite task's split protocol (schemas/suite.schema.json `SplitProtocol`) to the source
 * splits a loader returned, giving the three roles:
 *   - train: what is left of the source train split after carving, optionally limited (seeded subsample);
 *   - dev:   carved from train (the default protocol) or from validation (the ReFT paper's protocol);
 *   - test:  the official validation set, what is left of it, a carved part, or a source test split —
 *            sealed: handed out without labels (src/data/sealed-test-split.ts).
 * Parts with a size or fraction are carved first (dev before test), each by its own seeded shuffle;
 * parts without take what is left of their source. Every role keeps the source order of its examples.
 */
import { UserError } from '../errors.ts';
import { dataMessages } from '../messages/index.ts';
import type { SourceSplit, SplitPart, SplitProtocol } from '../types/suite.ts';
import type { ExampleSet } from './examples.ts';
import { sealTestSplit, type TestSplit } from './sealed-test-split.ts';
import { SeededRandom } from './seeded-random.ts';

/** The splits a source provides (GLUE: train and validation). */
export type SourceSplits = Partial<Record<SourceSplit, ExampleSet>> & { train: ExampleSet };

/** A labelled role (train or dev): examples plus where each came from in its source split. */
export interface LabelledSplit {
  role: 'train' | 'dev';
  source: SourceSplit;
  examples: ExampleSet;
  sourceIndices: number[];
}

export interface TaskSplits {
  train: LabelledSplit;
  dev: LabelledSplit;
  test: TestSplit;
}

/** Examples at the given positions, same kind and label names. */
export function subset(set: ExampleSet, indices: readonly number[]): ExampleSet {
  switch (set.kind) {
    case 'classification':
      return { kind: 'classification', labelNames: set.labelNames, examples: indices.map((i) => set.examples[i]!) };
    case 'regression':
      return { kind: 'regression', examples: indices.map((i) => set.examples[i]!) };
    case 'causal_lm':
      return { kind: 'causal_lm', examples: indices.map((i) => set.examples[i]!) };
  }
}

/** Applies `protocol` for task `taskId` (named in messages). Deterministic in the protocol's seeds. */
export function applySplitProtocol(taskId: string, protocol: SplitProtocol, sources: SourceSplits): TaskSplits {
  const remaining = new Map<SourceSplit, number[]>();
  const pool = (of: SourceSplit, role: string): number[] => {
    const set = sources[of];
    if (set === undefined) throw new UserError(dataMessages.missingSourceSplit(taskId, role, of));
    if (!remaining.has(of)) remaining.set(of, Array.from({ length: set.examples.length }, (_, i) => i));
    return remaining.get(of)!;
  };

  const carve = (role: 'dev' | 'test', part: Omit<SplitPart, 'of'> & { of: SourceSplit }): number[] => {
    const available = pool(part.of, role);
    let count: number;
    if (part.size !== undefined) {
      if (!Number.isInteger(part.size) || part.size < 1) throw new UserError(dataMessages.badSplitFraction(taskId, `${role}.size`, part.size));
      count = part.size;
    } else {
      const fraction = part.fraction!;
      if (!(fraction > 0 && fraction < 1)) throw new UserError(dataMessages.badSplitFraction(taskId, `${role}.fraction`, fraction));
      count = Math.round(fraction * available.length);
    }
    if (count < 1 || count > available.length) throw new UserError(dataMessages.splitTooSmall(taskId, role, count, available.length));
    const chosen = new SeededRandom(part.seed ?? 0, `carve:${role}:${part.of}`).shuffled(available).slice(0, count).sort((a, b) => a - b);
    const taken = new Set(chosen);
    remaining.set(part.of, available.filter((i) => !taken.has(i)));
    return chosen;
  };
  const isCarved = (part: { size?: number; fraction?: number }) => part.size !== undefined || part.fraction !== undefined;
  const takeRest = (role: 'dev' | 'test', of: SourceSplit): number[] => {
    const rest = pool(of, role);
    remaining.set(of, []);
    return rest;
  };

  if (!isCarved(protocol.dev) && !isCarved(protocol.test) && protocol.dev.of === protocol.test.of) {
    throw new UserError(dataMessages.splitOverlap(taskId, protocol.dev.of));
  }
  let devIndices = isCarved(protocol.dev) ? carve('dev', protocol.dev) : undefined;
  const testIndices = isCarved(protocol.test) ? carve('test', protocol.test) : takeRest('test', protocol.test.of);
  devIndices ??= takeRest('dev', protocol.dev.of);

  let trainIndices = pool('train', 'train');
  const limit = protocol.train.limit;
  if (limit !== undefined && limit < trainIndices.length) {
    trainIndices = new SeededRandom(protocol.dev.seed ?? 0, 'limit:train').shuffled(trainIndices).slice(0, limit).sort((a, b) => a - b);
  }

  const roles: Array<[string, number[]]> = [['train', trainIndices], ['dev', devIndices], ['test', testIndices]];
  for (const [role, indices] of roles) {
    if (indices.length === 0) throw new UserError(dataMessages.emptyRole(taskId, role));
  }
  const testSource = sources[protocol.test.of]!;
  return {
    train: { role: 'train', source: 'train', examples: subset(sources.train, trainIndices), sourceIndices: trainIndices },
    dev: { role: 'dev', source: protocol.dev.of, examples: subset(sources[protocol.dev.of]!, devIndices), sourceIndices: devIndices },
    test: sealTestSplit(subset(testSource, testIndices), testIndices),
  };
}
