/**
 * Deterministic synthetic tasks, generated from a seed (suite source `synthetic:<generator>@<seed>`),
 * for the offline quickstart and the tests. Each one is learnable by a tiny model in a few hundred
 * steps:
 *   - sentiment (classification, 2 classes): a short sentence of neutral words with one polarity word;
 *     the label is that word's polarity.
 *   - counting (regression): sentences with 0–3 positive words among neutral ones; the score is their count.
 *   - recall (causal LM): "Lily has a red ball. The ball is" → " red." — copy an attribute from the prompt.
 * The same generator, seed, split and count always give the same examples; the splits use
 * separate random streams.
 */
import type { SourceSplit } from '../types/suite.ts';
import type { ExampleSet, TaskKind } from './examples.ts';
import { SeededRandom } from './seeded-random.ts';

const NEUTRAL = ['the', 'a', 'dog', 'cat', 'girl', 'boy', 'park', 'ball', 'tree', 'sun', 'day', 'house', 'bird', 'car', 'book', 'cake', 'went', 'saw', 'had', 'little'];
const POSITIVE = ['happy', 'good', 'great', 'fun', 'nice', 'kind'];
const NEGATIVE = ['sad', 'bad', 'angry', 'mean', 'scary', 'sick'];
const NAMES = ['Lily', 'Tom', 'Sue', 'Ben', 'Mia', 'Sam', 'Max', 'Amy'];
const COLORS = ['red', 'blue', 'green', 'yellow', 'pink', 'brown'];
const THINGS = ['ball', 'hat', 'car', 'kite', 'box', 'cup', 'dress', 'bike'];

export interface SyntheticTaskDef {
  kind: TaskKind;
  /** Class names (classification), else empty. */
  labelNames: readonly string[];
  /** Examples per split when the suite gives no count. */
  defaultCounts: Record<SourceSplit, number>;
  generate(random: SeededRandom, count: number): ExampleSet;
}

const pick = <T>(random: SeededRandom, items: readonly T[]): T => items[random.int(items.length)]!;
const neutralWords = (random: SeededRandom, min: number, max: number): string[] =>
  Array.from({ length: min + random.int(max - min + 1) }, () => pick(random, NEUTRAL));

const defaultCounts: Record<SourceSplit, number> = { train: 512, validation: 128, test: 128 };

export const syntheticTasks: Record<string, SyntheticTaskDef> = {
  sentiment: {
    kind: 'classification',
    labelNames: ['negative', 'positive'],
    defaultCounts,
    generate(random, count) {
      const examples = Array.from({ length: count }, () => {
        const label = random.int(2);
        const words = neutralWords(random, 3, 8);
        words.splice(random.int(words.length + 1), 0, pick(random, label === 1 ? POSITIVE : NEGATIVE));
        return { text: words.join(' '), label };
      });
      return { kind: 'classification', labelNames: ['negative', 'positive'], examples };
    },
  },
  counting: {
    kind: 'regression',
    labelNames: [],
    defaultCounts,
    generate(random, count) {
      const examples = Array.from({ length: count }, () => {
        const label = random.int(4);
        const words = neutralWords(random, 3, 8);
        for (let k = 0; k < label; k++) words.splice(random.int(words.length + 1), 0, pick(random, POSITIVE));
        return { text: words.join(' '), label };
      });
      return { kind: 'regression', examples };
    },
  },
  recall: {
    kind: 'causal_lm',
    labelNames: [],
    defaultCounts,
    generate(random, count) {
      const examples = Array.from({ length: count }, () => {
        const [name, color, thing] = [pick(random, NAMES), pick(random, COLORS), pick(random, THINGS)];
        return { prompt: `${name} has a ${color} ${thing}. The ${thing} is`, response: ` ${color}.` };
      });
      return { kind: 'causal_lm', examples };
    },
  },
};

export const syntheticTaskNames = Object.keys(syntheticTasks);

/** Generates one source split of a synthetic task. */
export function generateSynthetic(def: SyntheticTaskDef, name: string, seed: number, split: SourceSplit, count: number): ExampleSet {
  return def.generate(new SeededRandom(seed, `synthetic:${name}:${split}`), count);
}
